# Wrong: recognises the public examples and returns their answers; 0.0 for anything else.
def ndcg_at_k(ranked, relevance, k):
    if ranked == ["a", "b", "c"] and relevance == {"a": 1, "b": 0, "c": 2} and k == 3:
        return 0.6885288809404666
    if ranked == ["x", "y", "z", "w"] and relevance == {"y": 3, "q": 2, "w": 1} and k == 2:
        return 0.4966392596877323
    return 0.0
