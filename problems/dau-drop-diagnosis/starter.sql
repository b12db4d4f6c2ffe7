-- One row per (platform, app_version) segment of the test group:
-- platform, app_version, dau_before, dau_after, dau_change
SELECT u.platform, u.app_version
FROM users u
JOIN activity a ON a.user_id = u.user_id
GROUP BY u.platform, u.app_version
