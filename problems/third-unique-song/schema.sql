CREATE TABLE users (user_id INTEGER, name VARCHAR, country VARCHAR, signup_date DATE);
CREATE TABLE song_plays (play_id INTEGER, user_id INTEGER, song_id INTEGER, played_at TIMESTAMP);
