-- Wrong: returns the answers of the public examples literally, picking the rows
-- whose user (id and name) appears in the dataset at hand.
SELECT answers.user_id, CAST(answers.third_song_date AS DATE) AS third_song_date
FROM (VALUES (1, 'Ana', '2024-03-04'),
             (3, 'Chloe', '2024-03-03'),
             (7, 'Kai', '2024-05-10'),
             (8, 'Lena', '2024-05-12'),
             (20, 'Ola', '2024-06-07'),
             (23, 'Rui', '2024-06-10')) AS answers(user_id, name, third_song_date)
JOIN users ON users.user_id = answers.user_id AND users.name = answers.name
