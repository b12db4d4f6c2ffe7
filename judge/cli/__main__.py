from judge.cli.entry import main

main()
