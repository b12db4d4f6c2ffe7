"""Writes the three public examples (data/examples). They are small and written by hand."""

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def track(track_id, title, artist, duration_ms, isrc=None):
    return {"track_id": track_id, "title": title, "artist": artist, "duration_ms": duration_ms, "isrc": isrc}


EXAMPLE_1 = [
    track("t01", "Paper Lanterns", "Mira Holloway", 214000, "QZAB11900001"),
    track("t02", "PAPER LANTERNS - Remastered 2011", "Mira Holloway", 215200),
    track("t03", "Paper Lanterns (Live)", "Mira Holloway", 214500),
    track("t04", "Paper Lanterns - Live", "mira holloway", 216000),
    track("t05", "Café Midnight (feat. Ivo Ferreira)", "Dario Núñez", 187300),
    track("t06", "Cafe Midnight", "Dario Nunez ft. Ivo Ferreira", 189900),
    track("t07", "Café Midnight", "Dario Núñez", 231000),
    track("t08", "Northern Static", "The Quiet Owls", 240000, "QMXY22200017"),
    track("t09", "Northern Static", "The Quiet Owls", 240500, "QMXY22200018"),
    track("t10", "Track 03", "Various Artists", 240100, "QMXY22200017"),
    track("t11", "Northern Static (Acoustic)", "The Quiet Owls", 239000),
    track("t12", "Golden Hour", "Lior Petrov", 201000),
    track("t13", "Golden Hour", "Vera Okafor", 201000),
    track("t14", "golden  hour [2009 Remaster]", "LIOR PETROV", 203500),
]
LABELS_1 = [["t01", "t02"], ["t03", "t04"], ["t05", "t06"], ["t08", "t10"], ["t12", "t14"]]

EXAMPLE_2 = [
    track("u01", "Don't Look Back", "Ada Lindqvist & Cyrus Carrow", 198000),
    track("u02", "Don\u2019t Look Back", "Ada Lindqvist", 199500),
    track("u03", "DON'T LOOK BACK (Demo)", "Ada Lindqvist", 198400),
    track("u04", "Signal Fires", "Ada Lindqvist, Cyrus Carrow", 250000),
    track("u05", "Signal Fires", "Ada Lindqvist", 253000),
    track("u06", "Signal Fires", "Ada Lindqvist", 256001),
    track("u07", "Slow Orbit", "Bram Castellano", 300000),
    track("u08", "Slow Orbit", "Bram Castellano", 302800),
    track("u09", "Slow Orbit", "Bram Castellano", 305500),
    track("u10", "Slow Orbit (Club Remix)", "Bram Castellano", 303000),
    track("u11", "Slow Orbit - Instrumental", "Bram Castellano", 301000),
    track("u12", "Neon Highway", "The Static Pilots", 222000, "XAQ1P2100045"),
    track("u13", "Neon Highway (Remastered)", "Static Pilots", 222000, "XAQ1P2100045"),
    track("u14", "Neon Highway", "Static Pilots", 222500),
    track("u15", "Élan", "Zoë Marchetti", 180000),
    track("u16", "ELAN", "Zoe Marchetti feat. Bram Okafor", 181000, "QTZZ90000001"),
]
LABELS_2 = [["u01", "u02"], ["u04", "u05"], ["u07", "u08", "u09"], ["u12", "u13", "u14"], ["u15", "u16"]]

EXAMPLE_3 = [
    track("v01", "Sunrise (feat. Ada Lindqvist) [2009 Remaster]", "Noor Vance", 210000),
    track("v02", "Sunrise", "Noor Vance feat. Ada Lindqvist", 211500),
    track("v03", "Sunrise - Live - 2011 Remaster", "Noor Vance", 212000),
    track("v04", "Sunrise (Live)", "NOOR VANCE", 213000),
    track("v05", "Left Behind", "Noor Vance", 180000),
    track("v06", "Left Behind ft. Kai Moreno", "Noor Vance & Kai Moreno", 181000),
    track("v07", "Feature Presentation", "Ostrava Lights", 200000),
    track("v08", "Feature Presentation (Remastered)", "Ostrava Lights", 203001),
    track("v09", "Harbour Lights", "Ines Carvalho", 190000, "PTAB12400001"),
    track("v10", "Harbour Lights", "Inês Carvalho", 190000, "PTAB12400002"),
    track("v11", "Sunrise", "Noor Vance with Ada Lindqvist", 210500),
]
LABELS_3 = [["v01", "v02"], ["v03", "v04"], ["v05", "v06"]]


def main() -> None:
    directory = HERE / "data" / "examples"
    directory.mkdir(parents=True, exist_ok=True)
    for name, tracks, labels in (("01-basics", EXAMPLE_1, LABELS_1), ("02-credits-and-chains", EXAMPLE_2, LABELS_2),
                                  ("03-feat-and-remaster-forms", EXAMPLE_3, LABELS_3)):
        text = json.dumps({"args": [tracks], "labels": labels}, ensure_ascii=False, indent=1)
        (directory / f"{name}.json").write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
