"""Solutions written apart from the bank's references, for tests that need an honest pair."""

INDEPENDENT_SQL = """
SELECT p.user_id, CAST(MIN(p.played_at) AS DATE) AS third_song_date
FROM song_plays p
WHERE (SELECT COUNT(DISTINCT q.song_id) FROM song_plays q
       WHERE q.user_id = p.user_id AND q.played_at < p.played_at) = 2
  AND NOT EXISTS (SELECT 1 FROM song_plays r WHERE r.user_id = p.user_id AND r.song_id = p.song_id
                  AND r.played_at < p.played_at)
GROUP BY p.user_id
"""

INDEPENDENT_PY = """
import math

def ndcg_at_k(ranked, relevance, k):
    gains = sorted(relevance.values(), reverse=True)[:k]
    ideal = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(gains))
    if not ideal:
        return 0.0
    got = 0.0
    i = 0
    while i < min(k, len(ranked)):
        r = relevance.get(ranked[i], 0)
        got = got + (2 ** r - 1) / math.log2(i + 2)
        i += 1
    return got / ideal
"""
