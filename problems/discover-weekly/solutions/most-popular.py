"""The same playlist of global hits for everybody (minus what each has played, two per artist)."""

from collections import Counter


def discover_weekly(history, track_artist, users):
    popularity = Counter(t for tracks in history.values() for t in tracks)
    ranked = sorted(track_artist, key=lambda t: (-popularity[t], t))
    playlists = {}
    for user in users:
        played, playlist, per_artist = set(history[user]), [], Counter()
        for track in ranked:
            if len(playlist) == 30:
                break
            if track not in played and per_artist[track_artist[track]] < 2:
                playlist.append(track)
                per_artist[track_artist[track]] += 1
        playlists[user] = playlist
    return playlists
