"""Recall of held-out listens in each user's recommendation list, under the list's hard constraints.

``labels`` = {"size": 30, "per_artist": 2, "heldout": {user: [tracks]}, "played": {user: [tracks]},
"track_artist": {track: artist}}. Every target user's list must hold exactly ``size`` distinct
known tracks, none already played, at most ``per_artist`` by one artist. A list that breaks a
constraint makes the whole dataset score 0: a playlist that repeats what you know is a bug, not a
weaker recommendation.
"""

from __future__ import annotations

from collections import Counter

from judge.metrics import InvalidPrediction, MetricResult


def _broken(user, tracks, labels) -> str | None:
    size, per_artist, artist_of = labels["size"], labels["per_artist"], labels["track_artist"]
    if len(tracks) != size:
        return f"user {user}: {len(tracks)} tracks instead of {size}"
    if len(set(tracks)) != size:
        return f"user {user}: a track appears twice"
    unknown = next((t for t in tracks if t not in artist_of), None)
    if unknown is not None:
        return f"user {user}: unknown track {unknown!r}"
    played = set(labels["played"][user])
    again = next((t for t in tracks if t in played), None)
    if again is not None:
        return f"user {user}: {again!r} was already played"
    artist, count = Counter(artist_of[t] for t in tracks).most_common(1)[0]
    if count > per_artist:
        return f"user {user}: {count} tracks by artist {artist!r}, at most {per_artist} allowed"
    return None


def compute(prediction, labels, **_) -> MetricResult:
    """``prediction``: a dict of user to a list of track ids, for every user of ``heldout``. The value is
    the mean over those users of the share of their held-out tracks that the list holds."""
    if not isinstance(prediction, dict):
        raise InvalidPrediction(f"return a dict of user to a list of track ids, not {type(prediction).__name__}")
    recalls = []
    for user, heldout in sorted(labels["heldout"].items()):
        tracks = prediction.get(user)
        if not isinstance(tracks, list) or not all(isinstance(t, str) for t in tracks):
            raise InvalidPrediction(f"user {user}: expected a list of track ids")
        problem = _broken(user, tracks, labels)
        if problem:
            return MetricResult(0.0, {"constraint_broken": problem})
        recalls.append(len(set(tracks) & set(heldout)) / len(heldout) if heldout else 0.0)
    return MetricResult(sum(recalls) / len(recalls) if recalls else 0.0, {"users": len(recalls)})
