"""Writes the tests (python3 tools/generate.py from the problem directory); answers from the reference."""

import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE / "solutions"))
from reference import lm_cross_entropy  # noqa: E402


def write(group, name, train, test, **kwargs):
    payload = {"args": [train, test], "kwargs": kwargs, "expected": lm_cross_entropy(train, test, **kwargs)}
    (HERE / "data" / group / f"{name}.json").write_text(json.dumps(payload) + "\n")


PHRASES = ["play the next song", "skip this song", "play my discover weekly", "shuffle my liked songs",
           "play some jazz", "skip the ad", "play the next episode", "add this song to my playlist"]


def main():
    write("examples", "01-tiny", ["play the song", "skip the song"], ["play the song"])
    write("examples", "02-unknown-word", ["play jazz", "play rock"], ["play techno"])
    write("examples", "03-add-half", ["a b a b", "b a"], ["a b", "b b a"], k=0.5)
    write("edge-cases", "01-case-and-spaces", ["Play  The Song", "skip\tthe song"], ["PLAY the   song", "Skip Song"])
    write("edge-cases", "02-all-unknown", ["one two three"], ["four five", "six"])
    write("edge-cases", "03-empty-sentence", ["hello world", ""], ["", "hello"])
    write("edge-cases", "04-unigram-wins", ["x y", "y x", "x x y y"], ["y y y y y y", "x x x x"], k=2.0)
    # Catches sending a tie to "bigram" (<= for <): with only empty sentences, both models give </s> after <s>
    # the same probability, so the cross-entropies are equal and `better` is "unigram" (solutions/tie-to-bigram.py).
    write("edge-cases", "06-a-tie", ["", ""], ["", "", ""], k=0.5)
    # Catches dividing by M = 0: no test sentence predicts nothing, 0 bits, a perplexity of 1, and a tie.
    write("edge-cases", "07-no-test-sentences", ["play the song"], [])
    write("edge-cases", "05-long-and-short", ["play the next song now please", "go"],
          ["play the next song now please", "go", "go"])
    rng = random.Random(5)
    for case in range(1, 4):
        train = [rng.choice(PHRASES) + (" " + rng.choice(PHRASES) if rng.random() < 0.3 else "") for _ in range(300)]
        test = [rng.choice(PHRASES) for _ in range(60)] + ["play some techno please", "skip skip skip"]
        write("random", f"{case:02d}", train, test, k=[1.0, 0.1, 0.01][case - 1])


if __name__ == "__main__":
    main()
