def ndcg_at_k(ranked: list[str], relevance: dict[str, float], k: int) -> float:
    """Normalised discounted cumulative gain of `ranked` at cut-off `k`.

    ranked     -- item ids in the order the system returned them, best first (no repeats)
    relevance  -- graded relevance of items; an item missing here has relevance 0
    k          -- the cut-off, k >= 1

    Gain of relevance r is 2**r - 1; the item at 1-based position i is discounted by log2(i + 1).
    The ideal ordering uses the k largest values of `relevance`. Return 0.0 when the ideal DCG is 0.
    """
    raise NotImplementedError
