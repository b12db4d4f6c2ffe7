-- BigQuery: COUNTIF over distinct active days, SAFE_DIVIDE to average over the window's seven days.
WITH active_days AS (
    SELECT DISTINCT a.user_id, a.activity_date, u.platform, u.app_version
    FROM activity AS a
    JOIN users AS u ON u.user_id = a.user_id
    WHERE u.experiment_group = 'test'
      AND a.activity_date BETWEEN DATE '2024-06-03' AND DATE_ADD(DATE '2024-06-10', INTERVAL 6 DAY)
)
SELECT platform, app_version,
       SAFE_DIVIDE(COUNTIF(activity_date < DATE '2024-06-10'), 7) AS dau_before,
       SAFE_DIVIDE(COUNTIF(activity_date >= DATE '2024-06-10'), 7) AS dau_after,
       SAFE_DIVIDE(COUNTIF(activity_date >= DATE '2024-06-10') - COUNTIF(activity_date < DATE '2024-06-10'), 7) AS dau_change
FROM active_days
GROUP BY platform, app_version
