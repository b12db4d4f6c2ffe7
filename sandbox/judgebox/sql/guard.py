"""A static check that a query is one read-only SELECT over the problem's tables.

It is defence in depth: the locked DuckDB connection and the container are
the real walls. Its value is a clear compile error instead of an engine one.
"""

from __future__ import annotations

import difflib

from sqlglot import exp

from judgebox.errors import CompileError

# Names are looked up with getattr so that a sqlglot release renaming one
# node class does not break the guard for the others.
_FORBIDDEN_NODE_NAMES = (
    "Insert",
    "Update",
    "Delete",
    "Merge",
    "Create",
    "Drop",
    "Alter",
    "AlterTable",
    "Command",
    "Pragma",
    "Set",
    "Copy",
    "Attach",
    "Detach",
    "Into",
    "Install",
    "Use",
    "Transaction",
    "Commit",
    "Rollback",
    "LoadData",
    "TruncateTable",
    "Grant",
)
FORBIDDEN_NODES = tuple(getattr(exp, n) for n in _FORBIDDEN_NODE_NAMES if hasattr(exp, n))

FORBIDDEN_FUNCTIONS = frozenset(
    {
        "read_csv",
        "read_csv_auto",
        "read_parquet",
        "parquet_scan",
        "read_json",
        "read_json_auto",
        "read_json_objects",
        "read_ndjson",
        "read_text",
        "read_blob",
        "glob",
        "sniff_csv",
        "query",
        "query_table",
        "load_extension",
        "readfile",
        "writefile",
        "pg_read_file",
        "pg_sleep",
        "duckdb_settings",
        "duckdb_extensions",
        "getenv",
        "current_setting",
    }
)
# sqlglot parses PostgreSQL's generate_series in FROM as exploding_generate_series.
ALLOWED_TABLE_FUNCTIONS = frozenset(
    {"generate_series", "exploding_generate_series", "range", "unnest", "generate_date_array", "generate_array"}
)


def check_query(tree: exp.Expression, allowed_tables: set[str]) -> None:
    if not isinstance(tree, exp.Query):
        raise CompileError(f"only a SELECT query is allowed here, not {tree.key.upper()}")
    for node in tree.walk():
        if isinstance(node, FORBIDDEN_NODES):
            raise CompileError(f"{node.key.upper()} is not allowed: submit a single read-only SELECT")
        if isinstance(node, exp.Func) and _function_name(node) in FORBIDDEN_FUNCTIONS:
            raise CompileError(f"the function {_function_name(node)}() is not allowed")
    cte_names = {cte.alias_or_name.lower() for cte in tree.find_all(exp.CTE)}
    known = {t.lower() for t in allowed_tables} | cte_names
    for table in tree.find_all(exp.Table):
        if isinstance(table.this, exp.Func):
            name = _function_name(table.this)
            if name not in ALLOWED_TABLE_FUNCTIONS:
                raise CompileError(f"the table function {name}() is not allowed")
            continue
        if not table.name:
            continue
        if table.name.lower() not in known or table.args.get("db") or table.args.get("catalog"):
            raise _unknown_table(table, allowed_tables, known)


def _function_name(node: exp.Func) -> str:
    if isinstance(node, exp.Anonymous):
        return str(node.this).lower()
    return node.sql_name().lower()


def _unknown_table(table: exp.Table, allowed_tables: set[str], known: set[str]) -> CompileError:
    close = difflib.get_close_matches(table.name.lower(), sorted(known), n=1, cutoff=0.75)
    hint = f"did you mean {close[0]!r}? " if close else ""
    tables = ", ".join(sorted(allowed_tables))
    meta = table.this.meta if isinstance(table.this, exp.Identifier) else {}
    line, end = meta.get("line"), meta.get("col")
    # The tokenizer records where the name ends, after the closing quote of a quoted one.
    column = end - len(table.name) - (1 if table.this.quoted else 0) + 1 if line and end else None
    return CompileError(f"unknown table {table.sql()!r}: {hint}this problem has the tables {tables}", line, column)
