from collections import Counter


def jaccard(a, b):
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def discover_weekly(history, track_artist, users):
    library = {person: frozenset(tracks) for person, tracks in history.items()}
    global_counts = Counter()
    for tracks in library.values():
        global_counts.update(tracks)
    backfill = [t for t, _ in sorted(global_counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    backfill += sorted(t for t in track_artist if t not in global_counts)
    answer = {}
    for person in users:
        own = library.get(person, frozenset())
        peers = [(jaccard(own, theirs), other) for other, theirs in library.items() if other != person and own & theirs]
        peers.sort(reverse=True)
        tally = Counter()
        for weight, other in peers[:60]:
            for track in library[other] - own:
                tally[track] += weight
        queue = [t for t, _ in tally.most_common()] + backfill
        playlist = []
        artists = Counter()
        seen = set()
        for track in queue:
            if len(playlist) == 30:
                break
            if track in own or track in seen:
                continue
            if artists[track_artist[track]] == 2:
                continue
            seen.add(track)
            artists[track_artist[track]] += 1
            playlist.append(track)
        answer[person] = playlist
    return answer
