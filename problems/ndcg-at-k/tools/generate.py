"""Writes the tests of ndcg-at-k under data/. Deterministic: run it again to get the same files.

    python3 tools/generate.py

Every test carries its expected value, computed with solutions/reference.py.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import random
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
GZIP_ABOVE = 200_000  # bytes of JSON; larger tests are stored gzipped


def load_reference():
    spec = importlib.util.spec_from_file_location("reference", HERE / "solutions" / "reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.ndcg_at_k


NDCG = load_reference()


def write(group: str, name: str, ranked: list[str], relevance: dict, k: int) -> None:
    payload = {"args": [ranked, relevance, k], "expected": NDCG(ranked, relevance, k)}
    text = json.dumps(payload, separators=(",", ":"))
    directory = HERE / "data" / group
    directory.mkdir(parents=True, exist_ok=True)
    if len(text) > GZIP_ABOVE:
        with gzip.GzipFile(directory / f"{name}.json.gz", "wb", mtime=0) as handle:
            handle.write(text.encode())
    else:
        (directory / f"{name}.json").write_text(text + "\n")


def examples() -> None:
    write("examples", "01-basic", ["a", "b", "c"], {"a": 1, "b": 0, "c": 2}, 3)
    write("examples", "02-missed-and-unjudged", ["x", "y", "z", "w"], {"y": 3, "q": 2, "w": 1}, 2)
    write("examples", "03-nothing-relevant", ["p", "q"], {"p": 0}, 5)


def edge_cases(rng: random.Random) -> None:
    write("edge-cases", "01-k-beyond-list", ["a", "b", "c"], {"a": 1, "b": 3, "c": 0}, 10)
    write("edge-cases", "02-empty-ranking", [], {"x": 2, "y": 1}, 5)
    write("edge-cases", "03-empty-ranking-empty-relevance", [], {}, 3)
    write("edge-cases", "04-all-zero-relevance", ["a", "b", "c", "d"], {"a": 0, "b": 0, "c": 0, "d": 0}, 3)
    write("edge-cases", "05-empty-relevance", ["a", "b", "c"], {}, 2)
    write("edge-cases", "06-fractional", ["d1", "d2", "d3", "d4", "d5"],
          {"d1": 0.5, "d2": 2.25, "d3": 0.0, "d4": 1.75, "d5": 3.5}, 4)
    write("edge-cases", "07-fractional-below-one", ["m", "n", "o"], {"m": 0.3, "n": 0.9, "o": 0.6}, 3)
    write("edge-cases", "08-relevant-items-not-ranked", ["a", "b", "c", "d"],
          {"a": 1, "c": 2, "e": 3, "f": 3, "g": 2}, 4)
    write("edge-cases", "09-k-equals-one-hit", ["b", "a", "c"], {"a": 2, "b": 3, "c": 1}, 1)
    write("edge-cases", "10-k-equals-one-miss", ["a", "b", "c"], {"a": 1, "b": 3, "c": 2}, 1)
    write("edge-cases", "11-ideal-needs-truncation", ["r1", "n1", "r2", "n2", "n3"],
          {f"r{i}": 2 for i in range(1, 9)}, 3)
    write("edge-cases", "12-unjudged-items", ["u1", "u2", "j1", "u3", "j2"], {"j1": 2, "j2": 1, "j3": 1}, 5)
    write("edge-cases", "13-perfect-order", ["a", "b", "c", "d"], {"a": 3, "b": 2, "c": 1, "d": 0}, 4)
    write("edge-cases", "14-reverse-order", ["d", "c", "b", "a"], {"a": 3, "b": 2, "c": 1, "d": 0}, 4)
    write("edge-cases", "15-large-grades", ["a", "b", "c", "d", "e"], {"a": 1, "b": 10, "c": 0, "d": 7, "e": 12}, 3)
    write("edge-cases", "16-single-item", ["only"], {"only": 1}, 1)
    write("edge-cases", "17-relevant-only-outside-cutoff", ["a", "b", "c", "d"], {"c": 1, "d": 2}, 2)
    write("edge-cases", "18-huge-k", ["a", "b"], {"a": 1, "b": 2, "c": 1}, 1_000_000_000)

    # Long lists: 200,000 ranked ids, 60,000 judgements (a third of them for items never ranked).
    n = 200_000
    ranked = [f"doc{i:06d}" for i in range(n)]
    rng.shuffle(ranked)
    judged = rng.sample(range(n + 20_000), 60_000)
    relevance = {f"doc{i:06d}": rng.choice([0, 0, 1, 1, 1, 2, 2, 3, 4]) for i in judged}
    write("edge-cases", "19-long-list", ranked, relevance, 1000)
    fractional = {key: round(rng.uniform(0, 4), 3) for key in relevance}
    write("edge-cases", "20-long-list-full-depth", ranked, fractional, n)


def random_cases(rng: random.Random) -> None:
    for index in range(1, 31):
        if index <= 12:
            n = rng.randint(1, 15)
        elif index <= 24:
            n = rng.randint(16, 500)
        else:
            n = rng.randint(1_000, 20_000)
        pool = [f"i{j}" for j in range(n + rng.randint(0, n))]
        rng.shuffle(pool)
        ranked = pool[:n]
        style = index % 3
        relevance = {}
        for item in pool:
            if rng.random() < 0.6:
                if style == 0:
                    relevance[item] = rng.randint(0, 4)
                elif style == 1:
                    relevance[item] = round(rng.uniform(0, 3), 2)
                else:
                    relevance[item] = rng.choice([0, 1, 1, 2, 3, 5])
        k = rng.choice([1, 3, 5, 10, 20, max(1, n // 2), n, n + 7])
        write("random", f"{index:02d}", ranked, relevance, k)


def main() -> None:
    for group in ("examples", "edge-cases", "random"):
        shutil.rmtree(HERE / "data" / group, ignore_errors=True)
    rng = random.Random(20240611)
    examples()
    edge_cases(rng)
    random_cases(rng)


if __name__ == "__main__":
    main()
