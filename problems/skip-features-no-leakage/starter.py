def skip_features(events):
    """events: [{"event_id", "user_id", "ts", "ms_played", "duration_ms"}], in any order.
    Return [[event_id, skips_in_session, secs_since_last_skip, prev_completion], ...] sorted by event_id."""
    raise NotImplementedError
