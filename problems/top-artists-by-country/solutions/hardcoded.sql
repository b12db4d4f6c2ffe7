-- Wrong: returns the answers of the public examples literally, keeping the rows
-- whose country and artist name occur in the dataset at hand.
SELECT v.country, v.artist_name, v.stream_count, v.artist_rank
FROM (VALUES ('US', 'Aurora Lane', 3, 1),
             ('US', 'The Pines', 2, 2),
             ('US', 'Kilo', 2, 2),
             ('BR', 'Mora', 2, 1),
             ('BR', 'Kilo', 1, 2),
             ('DE', 'Velvet Arcade', 4, 1),
             ('DE', 'Ostwind', 4, 1),
             ('DE', 'Lumen', 2, 3),
             ('JP', 'Sakura Drive', 2, 1),
             ('SE', 'Nordlys', 3, 1),
             ('SE', 'Isbrytare', 2, 2),
             ('SE', 'Fjaril', 2, 2)) AS v(country, artist_name, stream_count, artist_rank)
WHERE EXISTS (SELECT 1 FROM users AS u WHERE u.country = v.country)
  AND EXISTS (SELECT 1 FROM artists AS a WHERE a.name = v.artist_name)
