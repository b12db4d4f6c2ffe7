"""The SQL fidelity suite: interview queries in six dialects, each judged against a DuckDB reference.

A case (``fidelity/cases/*.yaml``) is one question: a DuckDB reference and
variants in the dialects candidates write, each correct (``expect:
accepted``) or subtly wrong (``expect: wrong_answer``, with ``why``). A
correct variant the judge cannot yet run faithfully carries ``limitation:
{got: VERDICT, reason: ...}``: it is expected to get that verdict, and
docs/sql.md lists it. Each case becomes an ordinary problem directory whose
solutions are the variants, so the suite is judged exactly as
``judge problems verify`` judges the bank: in the real sandbox.
"""

from __future__ import annotations

import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from judgebox.protocol import DIALECTS

SUITE = Path(__file__).resolve().parent / "fidelity"


@dataclass(frozen=True)
class Variant:
    dialect: str
    sql: str
    expect: str
    why: str = ""
    limitation: dict | None = None

    @property
    def correct(self) -> bool:
        return self.expect == "accepted"

    @property
    def declared_verdict(self) -> str:
        """What the judge must give today: the truth, or the limitation's verdict."""
        return self.limitation["got"] if self.limitation else self.expect


@dataclass(frozen=True)
class Case:
    name: str
    pattern: str
    description: str
    reference: str
    variants: tuple[Variant, ...]
    order_by: tuple[str, ...] = ()
    columns: tuple[str, ...] = field(default_factory=tuple)


def load_cases(suite: Path = SUITE) -> list[Case]:
    cases = []
    for path in sorted((suite / "cases").glob("*.yaml")):
        for raw in yaml.safe_load(path.read_text(encoding="utf-8")):
            variants = tuple(
                Variant(v["dialect"], v["sql"], v["expect"], v.get("why", ""), v.get("limitation"))
                for v in raw["variants"]
            )
            cases.append(
                Case(
                    raw["name"],
                    raw["pattern"],
                    raw.get("description", ""),
                    raw["reference"],
                    variants,
                    tuple(raw.get("order_by") or ()),
                    tuple(raw.get("columns") or ()),
                )
            )
    return cases


def datasets(suite: Path = SUITE) -> list[Path]:
    return sorted(p for p in (suite / "data").iterdir() if p.is_dir())


def write_problem(case: Case, directory: Path, suite: Path = SUITE) -> Path:
    """The case as a problem directory: every dataset in one hidden group (the first also public, as the
    format asks for examples), and one solution per variant."""
    directory.mkdir(parents=True)
    shutil.copy(suite / "schema.sql", directory / "schema.sql")
    all_sets = datasets(suite)
    shutil.copytree(all_sets[0], directory / "data" / "examples" / all_sets[0].name)
    for dataset in all_sets:
        shutil.copytree(dataset, directory / "data" / "datasets" / dataset.name)
    (directory / "statement.md").write_text(f"# {case.name}\n\n{case.description}\n", encoding="utf-8")
    solutions = directory / "solutions"
    solutions.mkdir()
    (solutions / "reference.sql").write_text(case.reference, encoding="utf-8")
    declared = [{"file": "solutions/reference.sql", "expect": "accepted"}]
    for index, variant in enumerate(case.variants, 1):
        name = f"solutions/{index:02d}-{variant.dialect}.sql"
        (directory / name).write_text(variant.sql, encoding="utf-8")
        declared.append({"file": name, "dialect": variant.dialect, "expect": variant.declared_verdict})
    sql = {"dialects": list(DIALECTS), "schema": "schema.sql", "order_by": list(case.order_by)}
    if case.columns or case.order_by:
        sql["columns"] = list(case.columns) or reference_columns(case.reference, suite)
    spec = {
        "format": "judge/1",
        "slug": case.name,
        "title": case.name,
        "kind": "sql",
        "difficulty": "medium",
        "tags": [case.pattern],
        "limits": {"time_s": 5.0, "memory_mb": 512},
        "scoring": {
            "groups": [
                {"name": "examples", "visibility": "public", "weight": 0},
                {"name": "datasets", "visibility": "hidden", "weight": 100},
            ]
        },
        "sql": sql,
        "reference": "solutions/reference.sql",
        "solutions": declared,
    }
    (directory / "problem.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return directory


def reference_columns(reference: str, suite: Path = SUITE) -> list[str]:
    import duckdb

    connection = duckdb.connect(":memory:")
    try:
        connection.execute((suite / "schema.sql").read_text(encoding="utf-8"))
        return [d[0] for d in connection.execute(f"DESCRIBE {reference.strip().rstrip(';')}").fetchall()]
    finally:
        connection.close()


def shares(cases: list[Case]) -> dict[str, dict[str, int]]:
    """Per dialect: correct variants, those accepted, wrong variants, those rejected (as declared)."""
    table: dict[str, Counter] = {d: Counter() for d in DIALECTS}
    for case in cases:
        for variant in case.variants:
            row = table[variant.dialect]
            if variant.correct:
                row["correct"] += 1
                row["accepted"] += variant.declared_verdict == "accepted"
            else:
                row["wrong"] += 1
                row["rejected"] += variant.declared_verdict != "accepted"
    return {d: dict(c) for d, c in table.items()}


def report(cases: list[Case]) -> str:
    """The Markdown table docs/sql.md carries."""
    lines = [
        "| dialect | correct variants | accepted | share | wrong variants | rejected |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    totals = Counter()
    for dialect, row in shares(cases).items():
        totals.update(row)
        lines.append(_row(dialect, row))
    lines.append(_row("**all**", totals))
    return "\n".join(lines)


def _row(name: str, row) -> str:
    correct, accepted = row.get("correct", 0), row.get("accepted", 0)
    share = f"{100 * accepted / correct:.0f}%" if correct else "–"
    return f"| {name} | {correct} | {accepted} | {share} | {row.get('wrong', 0)} | {row.get('rejected', 0)} |"


def limitations(cases: list[Case]) -> list[tuple[Case, Variant]]:
    return [(c, v) for c in cases for v in c.variants if v.limitation]


if __name__ == "__main__":
    loaded = load_cases()
    print(report(loaded))
    for case, variant in limitations(loaded):
        print(f"- {case.name} ({variant.dialect}): {variant.limitation['reason']} -> {variant.limitation['got']}")
