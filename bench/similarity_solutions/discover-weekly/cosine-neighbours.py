import math
from collections import defaultdict

LENGTH = 30
CAP = 2
NEIGHBOURS = 40


def discover_weekly(history, track_artist, users):
    sets = {u: set(t) for u, t in history.items()}
    who_played = defaultdict(set)
    for u, tracks in sets.items():
        for t in tracks:
            who_played[t].add(u)
    hits = sorted(track_artist, key=lambda t: (-len(who_played.get(t, ())), t))
    out = {}
    for me in users:
        mine = sets.get(me, set())
        shared = defaultdict(int)
        for t in mine:
            for other in who_played[t]:
                if other != me:
                    shared[other] += 1
        similarity = {o: n / math.sqrt(len(mine) * len(sets[o])) for o, n in shared.items()}
        nearest = sorted(similarity, key=lambda o: (-similarity[o], o))[:NEIGHBOURS]
        votes = defaultdict(float)
        for o in nearest:
            for t in sets[o]:
                if t not in mine:
                    votes[t] += similarity[o]
        order = sorted(votes, key=lambda t: (-votes[t], t))
        chosen, taken, per_artist = [], set(), defaultdict(int)
        for t in order + hits:
            if len(chosen) >= LENGTH:
                break
            if t in mine or t in taken or per_artist[track_artist[t]] >= CAP:
                continue
            chosen.append(t)
            taken.add(t)
            per_artist[track_artist[t]] += 1
        out[me] = chosen
    return out
