"""Puts a value equal to an edge in the bin below it: the statement counts the edges <= x."""

import math
from bisect import bisect_left as bisect_right

EPSILON = 1e-4
THRESHOLD = 0.2


def _shares(counts, total):
    return [max(c / total, EPSILON) for c in counts]


def _numeric_counts(train, serve):
    ordered = sorted(train)
    n = len(ordered)
    edges = sorted({ordered[(i * n) // 10] for i in range(1, 10)})
    bins = len(edges) + 1
    counts_t, counts_s = [0] * bins, [0] * bins
    for value in train:
        counts_t[bisect_right(edges, value)] += 1
    for value in serve:
        counts_s[bisect_right(edges, value)] += 1
    return counts_t, counts_s


def _categorical_counts(train, serve):
    categories = sorted(set(train))
    index = {c: i for i, c in enumerate(categories)}
    unseen = len(categories)
    counts_t, counts_s = [0] * (unseen + 1), [0] * (unseen + 1)
    for value in train:
        counts_t[index[value]] += 1
    for value in serve:
        counts_s[index.get(value, unseen)] += 1
    return counts_t, counts_s


def train_serve_skew(train, serve):
    psi = {}
    for feature, train_values in train.items():
        serve_values = serve[feature]
        if isinstance(train_values[0], str):
            counts_t, counts_s = _categorical_counts(train_values, serve_values)
        else:
            counts_t, counts_s = _numeric_counts(train_values, serve_values)
        t = _shares(counts_t, len(train_values))
        s = _shares(counts_s, len(serve_values))
        psi[feature] = sum((si - ti) * math.log(si / ti) for ti, si in zip(t, s))
    return {"psi": psi, "drifted": sorted(f for f, value in psi.items() if value >= THRESHOLD)}
