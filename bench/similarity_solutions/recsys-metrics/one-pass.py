import math


def recsys_metrics(recommendations, relevant, item_features, popularity, k):
    result = dict(map=0.0, recall=0.0, ild=0.0, novelty=0.0)
    if not recommendations:
        return result
    plays = sum(popularity.values())

    def norm(v):
        return math.sqrt(sum(x * x for x in v))

    for user in recommendations:
        items = recommendations[user][:k]
        seen = set(relevant[user]) if user in relevant else set()
        if seen:
            hit_count, precision_sum = 0, 0.0
            for pos in range(len(items)):
                if items[pos] in seen:
                    hit_count += 1
                    precision_sum += hit_count / (pos + 1)
            result["map"] += precision_sum / min(k, len(seen))
            result["recall"] += hit_count / len(seen)
        n = len(items)
        if n >= 2:
            dist, count = 0.0, 0
            for i in range(n):
                for j in range(i + 1, n):
                    a, b = item_features[items[i]], item_features[items[j]]
                    na, nb = norm(a), norm(b)
                    c = sum(p * q for p, q in zip(a, b)) / (na * nb) if na and nb else 0.0
                    dist += 1 - c
                    count += 1
            result["ild"] += dist / count
        if n:
            result["novelty"] += sum(math.log2(plays / popularity[it]) for it in items) / n
    return {key: val / len(recommendations) for key, val in result.items()}
