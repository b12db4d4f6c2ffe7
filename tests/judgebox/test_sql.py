"""judgebox.sql.guard, parsing and translate: one read-only SELECT, parsed in the candidate's dialect."""

from __future__ import annotations

import pytest
import sqlglot

from judgebox.errors import CompileError
from judgebox.sql.guard import check_query
from judgebox.sql.parsing import parse_single
from judgebox.sql.translate import ENGINE_DIALECT, Plan, plan as translate

SCHEMA = {
    "users": {"user_id": "INT", "name": "TEXT"},
    "plays": {"play_id": "INT", "user_id": "INT", "played_at": "TIMESTAMP"},
}
SCHEMA_SQL = (
    "CREATE TABLE users (user_id INTEGER, name VARCHAR);\n"
    "CREATE TABLE plays (play_id INTEGER, user_id INTEGER, played_at TIMESTAMP);\n"
)
GUARDED_IN = ["duckdb", "postgres"]  # the two engines' guards, one dialect each


def compile_error(source: str, dialect: str = "duckdb") -> CompileError:
    with pytest.raises(CompileError) as info:
        translate(source, dialect, SCHEMA)
    return info.value


REFUSED = [
    ("INSERT INTO plays VALUES (1, 1, NULL)", "only a SELECT query is allowed here, not INSERT"),
    ("UPDATE plays SET user_id = 1", "not UPDATE"),
    ("DELETE FROM plays", "not DELETE"),
    ("DROP TABLE plays", "not DROP"),
    ("CREATE TABLE x AS SELECT 1", "not CREATE"),
    ("SELECT 1; SELECT 2", "submit exactly one SQL statement (found 2)"),
    ("SELECT * FROM plays; DROP TABLE plays", "found 2"),
    ("", "submit exactly one SQL statement (found 0)"),
    ("PRAGMA database_list", "not PRAGMA"),
    ("COPY plays TO '/tmp/out.csv'", "not COPY"),
    ("ATTACH 'other.db' AS other", "not ATTACH"),
    ("SET memory_limit = '1GB'", "not SET"),
    ("INSTALL httpfs", "not INSTALL"),
    ("LOAD httpfs", "only a SELECT query is allowed"),
    ("SELECT * INTO copy FROM plays", "INTO is not allowed"),
    ("SELECT * FROM read_csv('/etc/passwd')", "the function read_csv() is not allowed"),
    ("SELECT * FROM READ_CSV_AUTO('/etc/passwd')", "the function read_csv_auto() is not allowed"),
    ("SELECT * FROM read_parquet('x.parquet')", "read_parquet() is not allowed"),
    ("SELECT * FROM glob('/*')", "glob() is not allowed"),
    ("SELECT * FROM duckdb_settings()", "duckdb_settings() is not allowed"),
    ("SELECT getenv('HOME')", "getenv() is not allowed"),
    (
        "SELECT user_id FROM plays WHERE user_id IN (SELECT length(read_text('/etc/passwd')))",
        "read_text() is not allowed",
    ),
    ("SELECT * FROM \"read_csv\"('x')", "the function read_csv() is not allowed"),
    ("SELECT * FROM main.read_csv('x')", "the function read_csv() is not allowed"),
    ("FROM read_csv('x')", "the function read_csv() is not allowed"),
    ("SELECT * FROM plays JOIN read_csv('x') ON true", "the function read_csv() is not allowed"),
    ("SELECT * FROM duckdb_tables()", "the table function duckdb_tables() is not allowed"),
    ("SELECT * FROM sqlite_scan('x.db', 't')", "the table function sqlite_scan() is not allowed"),
    ("SELECT * FROM information_schema.tables", "unknown table 'information_schema.tables'"),
    ("DESCRIBE plays", "not DESCRIBE"),
    ("SHOW TABLES", "not SHOW"),
    ("SELECT * FROM secrets", "unknown table 'secrets': this problem has the tables plays, users"),
    ("SELECT * FROM 'data.csv'", "unknown table"),
    ("SELECT * FROM main.plays", "unknown table 'main.plays'"),
    ("SELECT 1 FROM (SELECT * FROM secrets) AS s", "unknown table 'secrets'"),
    ("SELECT 1 FROM plays WHERE user_id IN (SELECT user_id FROM secrets)", "unknown table 'secrets'"),
    ("WITH t AS (SELECT * FROM secrets) SELECT * FROM t", "unknown table 'secrets'"),
]


@pytest.mark.parametrize("source, fragment", REFUSED, ids=[r[0][:40] or "empty" for r in REFUSED])
def test_refused_statements(source, fragment):
    error = compile_error(source)
    assert fragment in error.message


@pytest.mark.parametrize(
    "source, fragment",
    [
        ("INSERT INTO plays VALUES (1, 1, NULL)", "not INSERT"),
        ("SELECT 1; SELECT 2", "found 2"),
        ("SELECT pg_read_file('/etc/passwd')", "pg_read_file() is not allowed"),
        ("SELECT pg_sleep(100)", "pg_sleep() is not allowed"),
        ("SELECT current_setting('x')", "current_setting() is not allowed"),
        ("SELECT * FROM secrets", "unknown table 'secrets'"),
        ("COPY plays TO STDOUT", "only a SELECT query is allowed"),
    ],
)
def test_refused_in_postgres_too(source, fragment):
    assert fragment in compile_error(source, "postgres").message


@pytest.mark.parametrize(
    "source, line, column",
    [
        ("SELECT *\nFROM plays\nWHERE (user_id = 1", 3, 18),
        ("SELECT\n  user_id,\n  COUNT(* AS plays\nFROM plays", 3, 12),
        ("SELEC 1", 1, 7),
        ("SELECT 1 +", 1, 10),
        ("SELECT 'unclosed", 1, 8),  # the opening quote
        ("SELECT 1,\n  'unclosed", 2, 3),
        ('SELECT "unclosed FROM plays', 1, 8),
    ],
)
@pytest.mark.parametrize("dialect", GUARDED_IN)
def test_syntax_errors_give_line_and_column(source, line, column, dialect):
    error = compile_error(source, dialect)
    assert (error.line, error.column) == (line, column), error.message
    assert error.message
    assert "\x1b[" not in error.message  # no terminal colours


def test_unclosed_quote_message():
    message = compile_error("SELECT 'abc").message
    assert message == "could not read the query: Missing '"


def test_compile_error_event():
    error = compile_error("SELEC 1")
    assert error.as_event() == {"type": "compile_error", "message": error.message, "line": 1, "column": 7}


ALLOWED = [
    "SELECT user_id, COUNT(*) AS plays FROM plays GROUP BY user_id",
    "SELECT * FROM PLAYS",  # table names are case-insensitive
    'SELECT * FROM "plays"',
    "SELECT p.user_id, u.name FROM plays AS p JOIN users AS u ON p.user_id = u.user_id",
    "WITH t AS (SELECT user_id FROM plays) SELECT * FROM t",
    "WITH T AS (SELECT user_id FROM plays) SELECT * FROM t",
    "WITH a AS (SELECT 1 AS x), b AS (SELECT x FROM a) SELECT * FROM b",
    "SELECT x FROM generate_series(1, 3) AS g(x)",
    "SELECT * FROM (SELECT user_id FROM plays) AS sub",
    "SELECT user_id FROM plays UNION ALL SELECT user_id FROM users",
    "SELECT user_id, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY played_at) AS rn FROM plays",
]


@pytest.mark.parametrize("source", ALLOWED)
@pytest.mark.parametrize("dialect", GUARDED_IN)
def test_allowed_queries(source, dialect):
    translation = translate(source, dialect, SCHEMA)
    assert isinstance(translation, Plan)
    assert translation.dialect.name == dialect
    assert translation.translated is (dialect != ENGINE_DIALECT)
    if dialect == "duckdb":
        assert translation.engine_sql == source  # run as written


@pytest.mark.parametrize(
    "source, dialect",
    [
        ("SELECT * FROM generate_series(1, 3)", "duckdb"),
        ("SELECT * FROM range(3)", "duckdb"),
        ("SELECT * FROM generate_series(1, 3)", "postgres"),
        ("SELECT x FROM generate_series(1, 3) AS g(x)", "postgres"),
        (
            "SELECT d::date AS d FROM generate_series('2024-01-01'::timestamp, '2024-01-03'::timestamp, "
            "interval '1 day') AS d",
            "postgres",
        ),
        ("SELECT x FROM unnest(ARRAY[1, 2]) AS u(x)", "postgres"),
        ("SELECT generate_series(1, 3) AS x", "postgres"),
    ],
)
def test_allowed_table_functions(source, dialect):
    translate(source, dialect, SCHEMA)


def test_parse_single_returns_one_tree():
    tree = parse_single("SELECT 1", "duckdb")
    assert isinstance(tree, sqlglot.exp.Select)


def test_check_query_directly():
    check_query(sqlglot.parse_one("SELECT * FROM plays"), {"plays"})
    with pytest.raises(CompileError, match="unknown table 'users': this problem has the tables plays"):
        check_query(sqlglot.parse_one("SELECT * FROM users"), {"plays"})


def test_postgres_integer_division_truncates_in_the_translation():
    sql = translate("SELECT 7 / 2 AS q", "postgres", SCHEMA).engine_sql
    assert "TRUNC" in sql.upper() or "//" in sql


# --- the translations run in DuckDB, as the sandbox would ---------------------------------------------


@pytest.fixture(scope="module")
def duckdb_connection():
    duckdb = pytest.importorskip("duckdb")
    connection = duckdb.connect(":memory:")
    connection.execute(SCHEMA_SQL)
    connection.execute("INSERT INTO users VALUES (1, 'ann'), (2, 'bob')")
    connection.execute(
        "INSERT INTO plays VALUES (1, 1, '2024-01-01 10:00'), (2, 1, '2024-01-02 10:00'), (3, 2, '2024-01-02 11:00')"
    )
    yield connection
    connection.close()


def run(connection, source: str, dialect: str):
    return connection.execute(translate(source, dialect, SCHEMA).engine_sql).fetchall()


@pytest.mark.parametrize(
    "source, rows",
    [
        ("SELECT 7 / 2 AS a, -7 / 2 AS b, 8 / 2 AS c", [(3, -3, 4)]),  # truncation toward zero
        ("SELECT user_id, COUNT(*) / 2 AS half FROM plays GROUP BY user_id ORDER BY user_id", [(1, 1), (2, 0)]),
        ("SELECT play_id / 2 AS h FROM plays ORDER BY play_id", [(0,), (1,), (1,)]),
        ("SELECT 7.0 / 2 AS f", [(3.5,)]),
        ("SELECT x FROM generate_series(1, 3) AS g(x)", [(1,), (2,), (3,)]),
        ("SELECT user_id, COUNT(*) AS plays FROM plays GROUP BY user_id ORDER BY user_id", [(1, 2), (2, 1)]),
    ],
)
def test_postgres_translations_run_in_duckdb(duckdb_connection, source, rows):
    assert run(duckdb_connection, source, "postgres") == rows


def test_duckdb_division_is_left_alone(duckdb_connection):
    assert run(duckdb_connection, "SELECT 7 / 2 AS a", "duckdb") == [(3.5,)]
