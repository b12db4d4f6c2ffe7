import numpy as np

NAMES = ("map", "recall", "ild", "novelty")


def recsys_metrics(recommendations, relevant, item_features, popularity, k):
    if len(recommendations) == 0:
        return {n: 0.0 for n in NAMES}
    total = float(sum(popularity.values()))
    rows = []
    for user in recommendations:
        top = list(recommendations[user])[:k]
        wanted = set(relevant.get(user, ()))
        hits = np.array([1.0 if x in wanted else 0.0 for x in top])
        if wanted and top:
            precision = np.cumsum(hits) / np.arange(1, len(top) + 1)
            ap = float((precision * hits).sum()) / min(k, len(wanted))
            rec = float(hits.sum()) / len(wanted)
        else:
            ap = rec = 0.0
        if len(top) > 1:
            m = np.array([item_features[x] for x in top], dtype=float)
            norms = np.linalg.norm(m, axis=1)
            safe = np.where(norms == 0, 1.0, norms)
            sim = (m @ m.T) / np.outer(safe, safe)
            zero = norms == 0
            sim[zero[:, None] | zero[None, :]] = 0.0
            upper = np.triu_indices(len(top), 1)
            ild = float(np.mean(1.0 - sim[upper]))
        else:
            ild = 0.0
        nov = float(np.mean([-np.log2(popularity[x] / total) for x in top])) if top else 0.0
        rows.append((ap, rec, ild, nov))
    means = np.mean(np.array(rows), axis=0)
    return {n: float(v) for n, v in zip(NAMES, means)}
