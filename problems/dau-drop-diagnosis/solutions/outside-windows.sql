-- Counts activity outside the two weeks too: before 06-03 in the first window, after 06-16 in the second.
WITH active_days AS (
    SELECT DISTINCT a.user_id, a.activity_date, u.platform, u.app_version
    FROM activity a
    JOIN users u ON u.user_id = a.user_id
    WHERE u.experiment_group = 'test'
)
SELECT platform,
       app_version,
       SUM(CASE WHEN activity_date < DATE '2024-06-10' THEN 1 ELSE 0 END) / 7.0 AS dau_before,
       SUM(CASE WHEN activity_date >= DATE '2024-06-10' THEN 1 ELSE 0 END) / 7.0 AS dau_after,
       (SUM(CASE WHEN activity_date >= DATE '2024-06-10' THEN 1 ELSE 0 END)
        - SUM(CASE WHEN activity_date < DATE '2024-06-10' THEN 1 ELSE 0 END)) / 7.0 AS dau_change
FROM active_days
GROUP BY platform, app_version
