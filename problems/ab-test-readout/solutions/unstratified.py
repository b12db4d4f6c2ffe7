"""Adds every segment into one control and one treatment group before testing: Simpson's paradox waits."""

import math
from statistics import NormalDist


def ab_test_readout(segments, alpha=0.05):
    x_c = sum(s["control"][0] for s in segments)
    n_c = sum(s["control"][1] for s in segments)
    x_t = sum(s["treatment"][0] for s in segments)
    n_t = sum(s["treatment"][1] for s in segments)
    p_c, p_t = x_c / n_c, x_t / n_t
    difference = p_t - p_c
    se = math.sqrt(p_t * (1 - p_t) / n_t + p_c * (1 - p_c) / n_c)
    z = NormalDist().inv_cdf(1 - alpha / 2)
    p_value = 2 * (1 - NormalDist().cdf(abs(difference) / se)) if se > 0 else 1.0
    if p_value < alpha and difference > 0:
        decision = "ship"
    elif p_value < alpha and difference < 0:
        decision = "no-ship"
    else:
        decision = "keep-running"
    return {"difference": difference, "lift": difference / p_c if p_c else 0.0,
            "ci": [difference - z * se, difference + z * se], "p_value": p_value, "decision": decision}
