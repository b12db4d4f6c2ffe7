CREATE TABLE users (user_id INTEGER, name VARCHAR, country VARCHAR, signup_date DATE, is_premium BOOLEAN);
CREATE TABLE artists (artist_id INTEGER, name VARCHAR, genre VARCHAR);
CREATE TABLE songs (song_id INTEGER, title VARCHAR, artist_id INTEGER, duration_ms INTEGER);
CREATE TABLE plays (play_id INTEGER, user_id INTEGER, song_id INTEGER, played_at TIMESTAMP, ms_played INTEGER, platform VARCHAR);
CREATE TABLE subscriptions (user_id INTEGER, plan VARCHAR, amount DECIMAL(10,2), started_on DATE, ended_on DATE);
