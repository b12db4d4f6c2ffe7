-- MySQL 8: the same counts with conditional sums over distinct active days.
WITH active_days AS (
    SELECT DISTINCT a.user_id, a.activity_date, u.platform, u.app_version
    FROM activity a
    JOIN users u ON u.user_id = a.user_id
    WHERE u.experiment_group = 'test'
      AND a.activity_date BETWEEN '2024-06-03' AND '2024-06-16'
)
SELECT platform, app_version,
       SUM(activity_date < '2024-06-10') / 7 AS dau_before,
       SUM(activity_date >= '2024-06-10') / 7 AS dau_after,
       (SUM(activity_date >= '2024-06-10') - SUM(activity_date < '2024-06-10')) / 7 AS dau_change
FROM active_days
GROUP BY platform, app_version
