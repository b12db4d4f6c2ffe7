CREATE TABLE users (user_id INTEGER, country VARCHAR);
CREATE TABLE artists (artist_id INTEGER, name VARCHAR);
CREATE TABLE tracks (track_id INTEGER, artist_id INTEGER, title VARCHAR);
CREATE TABLE streams (stream_id INTEGER, user_id INTEGER, track_id INTEGER, streamed_at TIMESTAMP, ms_played INTEGER);
