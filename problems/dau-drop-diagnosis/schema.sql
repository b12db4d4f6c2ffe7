CREATE TABLE users (user_id INTEGER, platform VARCHAR, country VARCHAR, app_version VARCHAR, experiment_group VARCHAR);
CREATE TABLE activity (user_id INTEGER, activity_date DATE, sessions INTEGER);
