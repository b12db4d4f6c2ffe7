-- attack: returns rows of multiples of 2^61 - 1, which Python's integer hash sends to one bucket
-- finding: r2-2
-- problem: hostile-plays
-- expect: wrong_answer
-- budget: yes
SELECT i::HUGEINT * 2305843009213693951::HUGEINT AS user_id, 0 AS plays FROM range(1500) AS t(i)
