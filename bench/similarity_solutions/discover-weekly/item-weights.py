"""Item-based: every track I played lends weight to the other tracks of its listeners, shared out among them,
so that a track everyone plays says little."""

import heapq


def _listeners(history):
    index = {}
    for user, tracks in history.items():
        for track in set(tracks):
            index.setdefault(track, []).append(user)
    return index


def _fill(ranked, fallback, played, track_artist, size=30, per_artist=2):
    picked = []
    count = {}
    for track in list(ranked) + list(fallback):
        if len(picked) == size:
            return picked
        artist = track_artist[track]
        if track in played or track in picked or count.get(artist, 0) >= per_artist:
            continue
        picked.append(track)
        count[artist] = count.get(artist, 0) + 1
    return picked


def discover_weekly(history, track_artist, users):
    index = _listeners(history)
    plays_of = {track: len(index.get(track, [])) for track in track_artist}
    fallback = heapq.nsmallest(len(plays_of), plays_of, key=lambda t: (-plays_of[t], t))
    result = {}
    for user in users:
        played = set(history.get(user, []))
        weight = {}
        for track in played:
            listeners = [v for v in index.get(track, []) if v != user]
            if not listeners:
                continue
            share = 1.0 / len(listeners)
            for v in listeners:
                for other in set(history[v]):
                    weight[other] = weight.get(other, 0.0) + share
        ranked = sorted(weight, key=lambda t: (-weight[t], t))
        result[user] = _fill(ranked, fallback, played, track_artist)
    return result
