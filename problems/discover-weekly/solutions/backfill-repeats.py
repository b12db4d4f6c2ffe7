"""Back-fills from global hits without checking what the playlist already holds."""

from collections import Counter

SIZE, PER_ARTIST = 30, 2


def discover_weekly(history, track_artist, users):
    played = {u: set(tracks) for u, tracks in history.items()}
    listeners = {}
    for user, tracks in played.items():
        for track in tracks:
            listeners.setdefault(track, set()).add(user)
    popularity = Counter(t for tracks in played.values() for t in tracks)
    by_popularity = sorted(track_artist, key=lambda t: (-popularity[t], t))
    playlists = {}
    for user in users:
        overlap = Counter(v for t in played[user] for v in listeners[t] if v != user)
        scores = Counter()
        for neighbour, shared in overlap.items():
            for track in played[neighbour]:
                scores[track] += shared
        ranked = sorted(scores, key=lambda t: (-scores[t], -popularity[t], t))
        playlist, per_artist = [], Counter()
        for track in ranked:
            if len(playlist) == SIZE:
                break
            artist = track_artist[track]
            if track in played[user] or track in playlist or per_artist[artist] == PER_ARTIST:
                continue
            playlist.append(track)
            per_artist[artist] += 1
        for track in by_popularity:  # the back-fill
            if len(playlist) == SIZE:
                break
            artist = track_artist[track]
            if track in played[user] or per_artist[artist] == PER_ARTIST:
                continue
            playlist.append(track)
            per_artist[artist] += 1
        playlists[user] = playlist
    return playlists
