# attack: returns pairs whose ids are lists, which crashed the metric (TypeError: unhashable type)
# finding: 5
# problem: hostile-clusters
# expect: wrong_answer


def pairs(records):
    return [[[1], [2]], [{"a": 1}, 3]]
