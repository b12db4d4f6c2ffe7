"""Solutions written apart from the bank's references, for tests that need an honest pair."""

from pathlib import Path

INDEPENDENT_SQL = """
SELECT p.user_id, CAST(MIN(p.played_at) AS DATE) AS third_song_date
FROM song_plays p
WHERE (SELECT COUNT(DISTINCT q.song_id) FROM song_plays q
       WHERE q.user_id = p.user_id AND q.played_at < p.played_at) = 2
  AND NOT EXISTS (SELECT 1 FROM song_plays r WHERE r.user_id = p.user_id AND r.song_id = p.song_id
                  AND r.played_at < p.played_at)
GROUP BY p.user_id
"""

# One of the benchmark's solutions to ndcg-at-k, written apart from the reference and judged accepted there.
INDEPENDENT_PY = (
    Path(__file__).resolve().parents[3] / "bench/similarity_solutions/ndcg-at-k/while-loop.py"
).read_text()
