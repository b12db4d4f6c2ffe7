def popularity_audit(recommendations, popularity):
    """Return {"shares": {"head": float, "torso": float, "tail": float}, "gini": float}."""
    raise NotImplementedError
