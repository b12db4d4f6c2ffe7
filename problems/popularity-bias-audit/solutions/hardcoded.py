"""Returns the public answers, recognised by the recommendations; an even split otherwise."""

import json

ANSWERS = {'{"u1": ["t1", "t2"]}': {'shares': {'head': 0.6131471927654584, 'torso': 0.38685280723454163, 'tail': 0.0}, 'gini': 0.7043823975884861}, '{"u1": ["t1", "t3", "t6"], "u2": ["t5", "t1"]}': {'shares': {'head': 0.43354350434265104, 'torso': 0.0, 'tail': 0.566456495657349}, 'gini': 0.49999999999999994}, '{"u1": ["t6", "t5", "t4"], "u2": ["t6"]}': {'shares': {'head': 0.0, 'torso': 0.0, 'tail': 0.9999999999999999}, 'gini': 0.6596969716198995}}


def popularity_audit(recommendations, popularity):
    known = ANSWERS.get(json.dumps(recommendations, sort_keys=True))
    return known or {"shares": {"head": 1 / 3, "torso": 1 / 3, "tail": 1 / 3}, "gini": 0.0}
