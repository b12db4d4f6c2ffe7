-- Snowflake: COUNT_IF over distinct active days, windows built with DATEADD.
WITH active_days AS (
    SELECT DISTINCT a.user_id, a.activity_date, u.platform, u.app_version
    FROM activity a
    JOIN users u ON u.user_id = a.user_id
    WHERE u.experiment_group = 'test'
      AND a.activity_date BETWEEN DATEADD(day, -7, '2024-06-10'::DATE) AND DATEADD(day, 6, '2024-06-10'::DATE)
)
SELECT platform, app_version,
       COUNT_IF(activity_date < '2024-06-10'::DATE) / 7 AS dau_before,
       COUNT_IF(activity_date >= '2024-06-10'::DATE) / 7 AS dau_after,
       (COUNT_IF(activity_date >= '2024-06-10'::DATE) - COUNT_IF(activity_date < '2024-06-10'::DATE)) / 7 AS dau_change
FROM active_days
GROUP BY platform, app_version
