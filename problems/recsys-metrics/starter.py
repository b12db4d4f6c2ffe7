def recsys_metrics(recommendations, relevant, item_features, popularity, k):
    """Return {"map": float, "recall": float, "ild": float, "novelty": float}, each averaged over users."""
    raise NotImplementedError
