"""Tests at 0.05 and builds a 95% interval whatever alpha is given."""

import math
from statistics import NormalDist


def ab_test_readout(segments, alpha=0.05):
    total = sum(s["control"][1] + s["treatment"][1] for s in segments)
    difference = baseline = variance = 0.0
    for s in segments:
        (x_c, n_c), (x_t, n_t) = s["control"], s["treatment"]
        weight = (n_c + n_t) / total
        p_c, p_t = x_c / n_c, x_t / n_t
        difference += weight * (p_t - p_c)
        baseline += weight * p_c
        variance += weight ** 2 * (p_t * (1 - p_t) / n_t + p_c * (1 - p_c) / n_c)
    se = math.sqrt(variance)
    alpha = 0.05
    z = NormalDist().inv_cdf(1 - alpha / 2)
    p_value = 2 * (1 - NormalDist().cdf(abs(difference) / se)) if se > 0 else 1.0
    if p_value < alpha and difference > 0:
        decision = "ship"
    elif p_value < alpha and difference < 0:
        decision = "no-ship"
    else:
        decision = "keep-running"
    return {"difference": difference, "lift": difference / baseline if baseline else 0.0,
            "ci": [difference - z * se, difference + z * se], "p_value": p_value, "decision": decision}
