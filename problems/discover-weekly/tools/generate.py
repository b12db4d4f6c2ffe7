"""Writes the datasets (python3 tools/generate.py from the problem directory).

Listeners belong to taste clusters; each cluster favours its own tracks. A user's history and
held-out listens come from the same cluster, so co-listening finds the held-out tracks while
global popularity finds the hits of the biggest cluster. Some datasets hold "cold" users whose
few plays nobody shares: co-listening yields no candidates and the list must be back-filled.
"""

import gzip
import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]


def dataset(rng, n_clusters, n_users, tracks_per_cluster, n_targets, cold_users=0):
    track_artist, cluster_tracks = {}, []
    next_track = 0
    for c in range(n_clusters):
        tracks = []
        for _ in range(tracks_per_cluster):
            track = f"t{next_track}"
            track_artist[track] = f"a{c}_{rng.randrange(tracks_per_cluster // 6)}"  # about six tracks per artist
            tracks.append(track)
            next_track += 1
        cluster_tracks.append(tracks)
    sizes = [rng.uniform(0.5, 2.0) for _ in range(n_clusters)]
    history, heldout = {}, {}
    for u in range(n_users):
        cluster = rng.choices(range(n_clusters), weights=sizes)[0]
        weights = [1 / (i + 1) ** 0.6 for i in range(tracks_per_cluster)]
        chosen = list(dict.fromkeys(rng.choices(cluster_tracks[cluster], weights=weights, k=60)))
        history[f"u{u}"] = chosen[: len(chosen) * 3 // 4]
        heldout[f"u{u}"] = chosen[len(chosen) * 3 // 4:]
    for u in range(cold_users):  # plays of tracks nobody else knows
        tracks = []
        for _ in range(5):
            track = f"t{next_track}"
            track_artist[track] = f"cold{u}"
            tracks.append(track)
            next_track += 1
        user = f"cold{u}"
        history[user], heldout[user] = tracks[:4], tracks[4:]
    users = sorted(history)
    targets = sorted(rng.sample([u for u in users if not u.startswith("cold")], n_targets)
                     + [u for u in users if u.startswith("cold")])
    return {"args": [history, track_artist, targets],
            "labels": {"size": 30, "per_artist": 2, "heldout": {u: heldout[u] for u in targets},
                       "played": {u: history[u] for u in targets}, "track_artist": track_artist}}


def backfill_traps(rng):
    """cold-start/02-backfill-traps: the six most played tracks of all are by one artist, played by a crowd of
    fans who play only hits. A cold user's list is all back-fill, which must keep to two of that artist. A
    heavy listener who played most of the hits has fewer than 30 co-listening candidates (the crowd's other
    hits): the back-fill must skip the hits he played and the ones already picked."""
    payload = dataset(rng, 6, 300, 150, 30, cold_users=2)
    history, track_artist = payload["args"][0], payload["args"][1]
    labels = payload["labels"]
    hits = [f"h{i}" for i in range(40)]
    for i, track in enumerate(hits):
        track_artist[track] = "hitmaker" if i < 6 else f"hit{i // 2}" if i < 26 else f"solo{i}"
    for fan in range(120):
        history[f"fan{fan}"] = hits[:6] + rng.sample(hits[6:], 30)
    history["heavy"] = hits[:26]
    targets = sorted(payload["args"][2] + ["heavy"])
    heldout = {**labels["heldout"], "heavy": hits[26:32]}
    payload["args"] = [history, track_artist, targets]
    payload["labels"] = {**labels, "heldout": {u: heldout[u] for u in targets},
                         "played": {u: history[u] for u in targets}, "track_artist": track_artist}
    return payload


def write(name, payload):
    with gzip.open(HERE / "data" / f"{name}.json.gz", "wt", encoding="utf-8") as handle:
        json.dump(payload, handle, separators=(",", ":"))


def main():
    for i in range(1, 4):
        write(f"examples/{i:02d}", dataset(random.Random(i), 4, 120, 120, 10))
    for i in range(1, 3):
        write(f"hidden/{i:02d}", dataset(random.Random(10 + i), 10, 600, 200, 60))
    write("cold-start/01", dataset(random.Random(30), 8, 400, 180, 40, cold_users=3))
    write("cold-start/02-backfill-traps", backfill_traps(random.Random(40)))


if __name__ == "__main__":
    main()
