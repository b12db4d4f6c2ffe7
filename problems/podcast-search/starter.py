def search(episodes, queries):
    """episodes: [{"id", "show", "language", "duration_min", "title", "description"}]
    queries: [{"id", "text", "filters": {"language", "max_duration_min"?, "show"?}}]
    Return {query_id: [episode ids, best first, at most 10, all passing the query's filters]}."""
    return {query["id"]: [] for query in queries}
