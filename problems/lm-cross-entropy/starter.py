def lm_cross_entropy(train, test, k=1.0):
    """train, test: lists of sentences (strings). Return {"unigram": {"cross_entropy", "perplexity"},
    "bigram": {...}, "better": "unigram" | "bigram"}."""
    raise NotImplementedError
