"""`judge similarity COURSE/ASSIGNMENT`: the similarity report of an assignment or a hiring assessment, from the
server (the course's staff only), and `--pair A B` for two submissions side by side. Advisory: no score is proof.
"""

from __future__ import annotations

import json
from typing import Optional

import typer

from judge.cli.client import AS_CSV, AS_JSON, SERVER, TOKEN, Server, fail, table


def similarity(
    assignment: str = typer.Argument(..., help="COURSE/ASSIGNMENT, an assignment or a hiring assessment"),
    problem: Optional[str] = typer.Option(None, help="one of its problems; every one by default"),
    limit: int = typer.Option(20, help="pairs per problem, highest first"),
    pair: Optional[tuple[str, str]] = typer.Option(None, help="two submission ids: show them side by side"),
    server: str = SERVER,
    token: Optional[str] = TOKEN,
    as_json: bool = AS_JSON,
    as_csv: bool = AS_CSV,
) -> None:
    """Pairs of submissions ranked by similarity, with their percentile in the problem, clusters and matches
    with the problem's own solutions. Advisory: it changes no verdict or grade, and no score is proof."""
    course, _, slug = assignment.partition("/")
    if not course or not slug or "/" in slug:
        fail("name the assignment as COURSE/ASSIGNMENT")
    base = f"/api/v1/courses/{course}/assignments/{slug}/similarity"
    api = Server(server, token)
    if pair:
        detail = api.call("GET", f"{base}/{pair[0]}/{pair[1]}").json()
        if as_json:
            print(json.dumps(detail, indent=2))
            return
        _side_by_side(detail)
        return
    params: dict[str, object] = {"limit": limit, **({"problem": problem} if problem else {})}
    report = api.call("GET", base, params=params).json()
    columns = ["problem", "a", "b", "score", "percentile", "structure", "style", "flagged", "same wrong tests", "ids"]
    rows = [
        [
            section["problem"],
            p["a"],
            p["b"],
            f"{p['score']:.2f}",
            f"{p['percentile']:g}",
            f"{p['structure']:.2f}",
            f"{p['style']:.2f}",
            "yes" if p["flagged"] else "",
            ", ".join(p["same_wrong_tests"]),
            f"{p['a_submission']} {p['b_submission']}",
        ]
        for section in report["problems"]
        for p in section["pairs"]
    ]
    if as_json:
        print(json.dumps(report, indent=2))
        return
    table(columns, rows, as_json, as_csv)
    if as_csv:
        return
    for section in report["problems"]:
        notes = [f"{section['problem']}: {section['compared']} compared"]
        if section["clusters"]:
            notes.append("clusters: " + "; ".join(", ".join(c) for c in section["clusters"]))
        if section["reference_matches"]:
            notes.append(
                "match the problem's own solution: " + ", ".join(m["author"] for m in section["reference_matches"])
            )
        if section["not_comparable"]:
            notes.append("too small to compare: " + ", ".join(section["not_comparable"]))
        if section["pending"]:
            notes.append(f"{section['pending']} not fingerprinted yet: run again")
        print("; ".join(notes))
    print(report["advisory"])


def _side_by_side(detail: dict) -> None:
    from rich.table import Table
    from rich.text import Text

    from judge.cli.render import make_console

    p = detail["pair"]
    console = make_console()
    console.print(
        f"{detail['problem']}: {p['a']} and {p['b']}: score {p['score']:.2f} (percentile {p['percentile']:g}), "
        f"structure {p['structure']:.2f}, style {p['style']:.2f}"
    )
    grid = Table(show_lines=False)
    sides = [detail["left"], detail["right"]]
    for side in sides:
        grid.add_column(f"{side['author']} ({side['submission']})", overflow="fold")
    texts = []
    for side in sides:
        marked = set(side["lines"])
        text = Text()
        for number, line in enumerate(side["normalised"].splitlines(), 1):
            text.append(
                f"{number:>3} {'>' if number in marked else ' '} {line}\n", style="bold" if number in marked else ""
            )
        texts.append(text)
    grid.add_row(*texts)
    console.print(grid)
    console.print("Lines marked > are in fragments the other side shares (after normalisation).")
    console.print(detail["advisory"])
