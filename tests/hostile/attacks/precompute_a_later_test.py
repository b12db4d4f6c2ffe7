# attack: pools the per-test time limit: a cheap test computes the later tests' answers, which are then only read back
# finding: r2-7
# problem: hostile-sum
# expect: time_limit_exceeded
import glob
import json
import os

STORE = "/tmp/answers.json"


def solve(xs, tag=None):
    answers = json.load(open(STORE)) if os.path.exists(STORE) else {}
    if tag in answers:
        return answers[tag]
    if not tag.startswith("HIDDEN"):
        return sum(xs)
    later = {}
    for path in glob.glob("/box/**/input.json", recursive=True):
        data = json.load(open(path))
        if data["kwargs"]["tag"] != tag and data["kwargs"]["tag"].startswith("HIDDEN"):
            later[data["kwargs"]["tag"]] = sum(data["args"][0])
    if later:  # only when another hidden test's input was readable
        json.dump({**answers, **later}, open(STORE, "w"))
        return sum(xs)
    while True:  # "too slow" for this test without the pooled time
        pass
