import numpy as np


def bootstrap_ci(values, n_boot, seed, statistic="mean", alpha=0.05):
    """Return [low, high]: the percentile bootstrap interval, following the statement's procedure exactly."""
    raise NotImplementedError
