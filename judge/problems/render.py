"""A problem's statement as candidates read it: the author's Markdown, then sections generated from data.

The schema of an SQL problem and every public example are rendered from the
problem's own files, so that what the statement shows cannot drift from what
is judged. Only public tests are read; a hidden one never reaches this module.
"""

from __future__ import annotations

import json

from judge.format.model import Problem

MAX_ROWS = 20
MAX_VALUE_CHARS = 400


def render_statement(problem: Problem, examples: list[dict]) -> str:
    """The statement followed by generated sections; ``examples`` as judge.problems.views.examples builds them."""
    parts = [problem.statement.rstrip()]
    schema = problem.kind.tables(problem)
    if schema:
        parts.append("## Tables\n\n" + "\n\n".join(_schema_table(name, columns) for name, columns in schema.items()))
    if examples:
        entry = problem.kind.entry_point(problem) or ""
        parts.append("## Public examples\n\n" + "\n\n".join(_example(e, entry) for e in examples))
    parts.append(_limits(problem))
    return "\n\n".join(parts) + "\n"


def _schema_table(name: str, columns: dict[str, str]) -> str:
    rows = "\n".join(f"| `{column}` | {kind} |" for column, kind in columns.items())
    return f"**`{name}`**\n\n| column | type |\n|---|---|\n{rows}"


def _example(example: dict, entry: str = "") -> str:
    title = f"### `{example['name']}`"
    if "tables" in example:
        blocks = [f"**`{table}`**\n\n{_rows_table(data['columns'], data['rows'])}"
                  for table, data in example["tables"].items()]
        return "\n\n".join([title, *blocks])
    tables: list[str] = []

    def shown(value, name: str) -> str:
        """A list of records becomes a table under the call, and its name stands in the call."""
        columns = _record_columns(value)
        if columns is None:
            return _value(value)
        rows = [[record[column] for column in columns] for record in value]
        tables.append(f"`{name}`, {len(rows)} records:\n\n{_rows_table(columns, rows, null='None')}")
        return name

    call = ", ".join([shown(a, f"arg{i}") for i, a in enumerate(example.get("args", []), start=1)]
                     + [f"{k}={shown(v, k)}" for k, v in example.get("kwargs", {}).items()])
    lines = [title, "", "```python", f"{entry}({call})"]
    if "expected" in example:
        lines.append(f"# returns {shown(example['expected'], 'result')}")
    lines.append("```")
    return "\n\n".join(["\n".join(lines), *tables])


def _record_columns(value) -> list[str] | None:
    """The keys of a non-empty list of flat dicts that all have the same keys; None for anything else."""
    if not isinstance(value, list) or not value or not all(isinstance(item, dict) for item in value):
        return None
    columns = list(value[0])
    flat = all(not isinstance(v, (dict, list)) for item in value for v in item.values())
    return columns if flat and columns and all(item.keys() == value[0].keys() for item in value) else None


def _rows_table(columns: list[str], rows: list[list], null: str = "NULL") -> str:
    if not rows:
        return "*(empty)*"
    header = "| " + " | ".join(columns) + " |\n|" + "---|" * len(columns)
    shown = [("| " + " | ".join(null if v is None else _cell(v) for v in row) + " |") for row in rows[:MAX_ROWS]]
    more = f"\n\n*… and {len(rows) - MAX_ROWS} more rows*" if len(rows) > MAX_ROWS else ""
    return header + "\n" + "\n".join(shown) + more


def _cell(value) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ") or '""'


def _value(value) -> str:
    if isinstance(value, dict) and set(value) == {"$generate"}:  # an input made by the problem's generator
        spec = value["$generate"]
        arguments = ", ".join(f"{k}={_value(v)}" for k, v in spec.get("kwargs", {}).items())
        return f"{spec.get('function')}({arguments})"
    text = json.dumps(value)
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


def _limits(problem: Problem) -> str:
    limits = problem.spec.limits
    return (
        f"## Limits\n\nPer test: {limits.time_s:g} s of **CPU time**, the time your code spends computing, which a "
        f"busy machine does not change; {limits.effective_wall_s:g} s of **wall time**, the time on the clock less "
        "any time the machine kept your code waiting for a CPU, which stops a program that waits rather than "
        f"computes; {limits.memory_mb} MiB of memory; output up to {limits.output_kb} KiB. A time limit exceeded "
        "says which of the two was reached, with both figures."
    )
