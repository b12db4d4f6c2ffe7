"""Starts a new session at exactly 1800 seconds, where the statement keeps the same session."""

from collections import defaultdict

SESSION_GAP_S = 1800
SKIP_MS = 30_000


def skip_features(events):
    by_user = defaultdict(list)
    for event in events:
        by_user[event["user_id"]].append(event)
    rows = []
    for user_events in by_user.values():
        user_events.sort(key=lambda e: (e["ts"], e["event_id"]))
        previous = None
        last_skip_ts = None
        skips_in_session = 0
        for event in user_events:
            if previous is not None and event["ts"] - previous["ts"] >= SESSION_GAP_S:
                previous, skips_in_session = None, 0  # a new session
            since_skip = event["ts"] - last_skip_ts if last_skip_ts is not None else None
            completion = previous["ms_played"] / previous["duration_ms"] if previous is not None else None
            rows.append([event["event_id"], skips_in_session, since_skip, completion])
            if event["ms_played"] < SKIP_MS:  # counted only after the features of this event are taken
                skips_in_session += 1
                last_skip_ts = event["ts"]
            previous = event
    return sorted(rows)
