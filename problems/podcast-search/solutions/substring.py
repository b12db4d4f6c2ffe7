"""Returns the episodes whose text contains the query as written, after the filters."""


def search(episodes, queries):
    results = {}
    for query in queries:
        f = query["filters"]
        hits = [e["id"] for e in episodes
                if e["language"] == f["language"] and e["duration_min"] <= f.get("max_duration_min", 10**9)
                and e["show"] == f.get("show", e["show"])
                and query["text"].lower() in (e["title"] + " " + e["description"]).lower()]
        results[query["id"]] = hits[:10]
    return results
