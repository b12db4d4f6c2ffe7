from judge.cli.main import app

app(prog_name="judge")
