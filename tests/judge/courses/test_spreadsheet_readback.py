"""gradebook.csv read back by a spreadsheet: LibreOffice, headless, imports it as it would for whoever opens the
export, and no cell of what it read is a formula.

The control shows the reading is real: the same names written raw (no text_cell) do come back as formulas.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from judge.courses.gradebook import AssignmentSpec, Student, as_csv, gradebook

TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TYPED = [
    '=HYPERLINK("http://x","y")',
    "=1+1",
    "@SUM(1+1)",
    "+1+1",
    "-2+3",
    "\t=1",
    "\r=1",
    "=cmd|' /C calc'!A0",
    "O'Brien, Siobhán",
]
WEEK = AssignmentSpec("a1", "=week", (("=p", 10.0),))


def read_back(path: Path, tmp_path: Path) -> list[tuple[str, str | None]]:
    """Each cell LibreOffice read from the CSV: (its text, its formula or None)."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is missing: scripts/setup.sh installs libreoffice-calc-nogui"
    out = tmp_path / "read"
    completed = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",  # its own profile: no lock shared with others
            "--headless",
            "--norestore",
            # CSV, comma-separated, double-quoted, UTF-8 (76), from line 1: as a person opening the export says;
            # formulas are evaluated, as by default
            "--infilter=Text - txt - csv (StarCalc):44,34,76,1",
            "--convert-to",
            "fods",
            "--outdir",
            str(out),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},  # the export is UTF-8
    )
    converted = out / (path.stem + ".fods")
    assert converted.is_file(), completed.stdout + completed.stderr
    cells = []
    for cell in ET.parse(converted).iter(f"{{{TABLE}}}table-cell"):
        text = "\n".join("".join(paragraph.itertext()) for paragraph in cell.iter(f"{{{TEXT}}}p"))
        cells.append((text, cell.get(f"{{{TABLE}}}formula")))
    return cells


def test_no_cell_of_the_gradebook_is_a_formula_once_a_spreadsheet_reads_it(tmp_path):
    students = [
        Student(f"s{i}", name, name if "@" not in name else f"{name}@example.com") for i, name in enumerate(TYPED)
    ]
    exported = tmp_path / "gradebook.csv"
    exported.write_bytes(as_csv(gradebook(students, [WEEK], []), [WEEK]).encode("utf-8"))
    cells = read_back(exported, tmp_path)
    assert len(cells) >= len(TYPED) * 2
    assert [(text, formula) for text, formula in cells if formula] == []
    shown = {text for text, _ in cells}
    assert "'O'Brien, Siobhán" not in shown and "O'Brien, Siobhán" in shown  # stored and shown as given


def test_the_control_the_same_names_written_raw_come_back_as_formulas(tmp_path):
    raw = io.StringIO()
    writer = csv.writer(raw, lineterminator="\r\n")
    writer.writerow(["student", "email"])
    for name in TYPED:
        writer.writerow([name, name])
    path = tmp_path / "raw.csv"
    path.write_bytes(raw.getvalue().encode("utf-8"))
    formulas = [formula for _, formula in read_back(path, tmp_path) if formula]
    assert formulas, "the spreadsheet read no formula even from raw cells: the test above would prove nothing"
