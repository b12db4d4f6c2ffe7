"""Writes the hidden datasets of duplicate-songs (data/small, data/large). Deterministic.

    python3 tools/generate.py

The generator invents a catalogue of recordings, then lists each recording one or more times
with noisy metadata that the statement's rules see through (case, accents, spacing, quote
style, feat. credits, remaster tags, small duration differences, missing ISRCs). Around the
duplicates it places look-alikes the rules keep apart: Live/Remix/Acoustic/Instrumental/Demo
versions with nearly the same duration, same-titled edits of a different length, re-recordings
under a new ISRC, covers by other artists.

The labels are the generator's own clusters. Before writing, the generator applies the rule
pair by pair inside candidate buckets (same title key and primary artist, or same ISRC; the
normalisation is imported from solutions/reference.py), takes connected components, and drops
every song whose listings would be grouped differently from its clusters, so the labels are
exactly the clustering the statement defines. The public examples are written by hand in
tools/examples.py.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import random
import shutil
import string
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def _load_reference():
    spec = importlib.util.spec_from_file_location("reference", HERE / "solutions" / "reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


REF = _load_reference()

WORDS = """
love night heart fire rain river summer winter golden silver blue red black white wild
dream dreams light shadow shadows city street road home stars star moon sun ocean sea
wave waves storm thunder lightning echo echoes ghost ghosts angel devil honey sugar velvet
glass paper stone iron steel gold diamond mirror window door garden forest mountain valley
desert island highway bridge tower castle kingdom empire crown queen king prince lady
girl boy child children lover lovers stranger strangers friend enemy soldier sailor
dancer dancing running falling flying burning breaking shining fading waiting calling
holding chasing hunting driving walking talking crying smiling lonely broken hollow
electric neon cosmic atomic magnetic tropical midnight morning evening afternoon
yesterday tomorrow forever never always again alone together apart away inside outside
under over beyond between behind before after young old new last first little big
sweet bitter cold warm hot frozen burning quiet loud slow fast deep high low
paradise heaven hell memory memories secret secrets promise promises letter letters song
songs melody rhythm harmony radio television satellite signal wire machine engine motor
rocket planet comet galaxy universe orbit gravity horizon sunrise sunset daylight
twilight dusk dawn spring autumn season seasons time clock hour minute second moment
""".split()
ACCENTED_WORDS = ["café", "déjà", "señorita", "mañana", "crème", "façade", "rosé", "über", "naïve",
                  "fiancée", "résumé", "cliché", "piñata", "jalapeño", "élan", "soirée", "noël", "año"]
CONTRACTIONS = ["don't", "can't", "won't", "i'm", "you're", "it's", "we're", "ain't", "she's", "they're"]
FIRST = """ada bram cleo dario elin fenna goran hedda ivo jorun kasia lior mira nadim oona pavel
quinn rosa soren tala ugo vera wim xenia yara zeno arlo bea cyrus dana emil flo""".split()
FIRST_ACCENTED = ["zoë", "renée", "josé", "andré", "chloé", "márta", "björn", "sørina", "inés", "raúl"]
LAST = """marchetti holloway okafor lindqvist brennan castellano vasquez ashdown kowalski
nakamura ferreira dubois haverkamp oyelaran petrov quintana rasmussen sandoval tremblay
vandermeer whitlock yilmaz zielinski abernathy blackwood carrow delacroix ellery""".split()
LAST_ACCENTED = ["müller", "núñez", "gómez", "perrín", "ångström", "jovanović", "lefèvre", "côté"]
BAND_NOUNS = """wolves owls foxes sparrows ravens lanterns engines pilots saints sirens tigers
machines monarchs drifters ramblers cowboys astronauts heretics dreamers strangers""".split()
BAND_ADJ = """velvet electric midnight paper silver crooked hollow neon wandering golden
burning quiet northern static feral lunar""".split()
AND_BANDS = ["rook & raven", "salt & cedar", "ash & ember", "fox & hound", "moss & marrow",
             "tide & timber", "wren & winter", "bone & briar"]
MARKERS = {
    "live": ["Live", "Live at {place}", "Live in {place}"],
    "remix": ["{name} Remix", "Remix", "Club Remix"],
    "acoustic": ["Acoustic", "Acoustic Version"],
    "instrumental": ["Instrumental"],
    "demo": ["Demo", "Early Demo"],
}
PLACES = ["Wembley", "Tokyo", "Paris", "Red Rocks", "the Roundhouse", "Montreux", "Berlin", "Lisbon"]
REMASTER_FORMS = ["{sep}Remastered", "{sep}Remastered {year}", "{sep}{year} Remaster", "{sep}Remaster"]
TOLERANCE = 3000
JITTER = 1500          # listings of one recording differ by at most 2 * JITTER = TOLERANCE
FAR = 12_000           # same-key recordings of different length are at least this far apart


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def title_case(text: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in text.split(" "))


@dataclass
class Recording:
    cluster: int
    artist: str           # canonical display name
    featured: str | None
    title: str            # base title, with its version marker when it has one
    marker: str | None    # the marker text ("Live at Tokyo"), kept apart to place it in brackets or after " - "
    duration: int
    isrc: str | None
    listings: int
    always_isrc: bool = False


@dataclass
class Song:
    recordings: list[Recording] = field(default_factory=list)


class Generator:
    def __init__(self, seed: int, profile: dict):
        self.rng = random.Random(seed)
        self.p = profile
        self.cluster_counter = 0
        self.isrcs: set[str] = set()
        self.used_titles: dict[str, set[str]] = defaultdict(set)
        self.ids: set[str] = set()

    # -- names ---------------------------------------------------------------------------
    def artist_pool(self, count: int) -> list[str]:
        rng, pool, primaries = self.rng, [], set()
        while len(pool) < count:
            roll = rng.random()
            if roll < 0.55:
                first = rng.choice(FIRST_ACCENTED if rng.random() < self.p["accents"] else FIRST)
                last = rng.choice(LAST_ACCENTED if rng.random() < self.p["accents"] else LAST)
                name = title_case(f"{first} {last}")
            elif roll < 0.95:
                name = title_case(f"the {rng.choice(BAND_ADJ)} {rng.choice(BAND_NOUNS)}")
                if rng.random() < 0.3:
                    name = name[4:]
            else:
                name = title_case(rng.choice(AND_BANDS))
            primary = REF.primary_artist(name)
            if primary not in primaries:
                primaries.add(primary)
                pool.append(name)
        return pool

    def new_title(self, artist: str) -> str:
        rng = self.rng
        while True:
            n = rng.choice([1, 1, 2, 2, 2, 3, 3, 4])
            words = [rng.choice(WORDS) for _ in range(n)]
            if rng.random() < self.p["accents"]:
                words[rng.randrange(n)] = rng.choice(ACCENTED_WORDS)
            if rng.random() < 0.12:
                words.insert(0, rng.choice(CONTRACTIONS))
            title = title_case(" ".join(words))
            if rng.random() < 0.06:
                title += rng.choice(["!", "?", "..."])
            key = REF.title_key(title)
            if key and key not in self.used_titles[REF.primary_artist(artist)]:
                self.used_titles[REF.primary_artist(artist)].add(key)
                return title

    def new_isrc(self) -> str:
        rng = self.rng
        while True:
            code = (rng.choice(["QZ", "QM", "ZX", "XA", "QT"]) +
                    "".join(rng.choice(string.ascii_uppercase + string.digits) for _ in range(3)) +
                    f"{rng.randint(0, 99):02d}{rng.randint(0, 99999):05d}")
            if code not in self.isrcs:
                self.isrcs.add(code)
                return code

    def new_cluster(self) -> int:
        self.cluster_counter += 1
        return self.cluster_counter

    def listing_count(self) -> int:
        return self.rng.choices([1, 2, 3, 4, 5], weights=self.p["listings"])[0]

    # -- catalogue -----------------------------------------------------------------------
    def song(self, artist: str, artists: list[str], shared_titles: list[str]) -> Song:
        rng, p = self.rng, self.p
        if shared_titles and rng.random() < p["cover"]:
            title = rng.choice(shared_titles)        # a cover: same title, another artist
            if REF.title_key(title) in self.used_titles[REF.primary_artist(artist)]:
                title = self.new_title(artist)
            else:
                self.used_titles[REF.primary_artist(artist)].add(REF.title_key(title))
        else:
            title = self.new_title(artist)
        song = Song()
        featured = rng.choice(artists) if rng.random() < p["feat"] else None
        if featured and REF.primary_artist(featured) == REF.primary_artist(artist):
            featured = None
        base = rng.randint(120_000, 360_000)

        def recording(marker, duration, isrc_prob=p["isrc"]):
            return Recording(self.new_cluster(), artist, featured, title, marker, duration,
                             self.new_isrc() if rng.random() < isrc_prob else None, self.listing_count())

        original = recording(None, base)
        song.recordings.append(original)
        if rng.random() < p["version"]:
            kinds = rng.sample(sorted(MARKERS), rng.choice([1, 1, 2]))
            for kind in kinds:
                marker = rng.choice(MARKERS[kind]).format(place=rng.choice(PLACES),
                                                          name=title_case(rng.choice(FIRST)))
                near = rng.random() < 0.85
                offset = rng.randint(-2500, 2500) if near else rng.choice([-1, 1]) * rng.randint(15_000, 60_000)
                song.recordings.append(recording(marker, max(60_000, base + offset)))
        if rng.random() < p["edit"]:
            # Same title and artist, a clearly different length: another recording by the duration rule.
            offset = rng.choice([-1, 1]) * rng.randint(FAR + 2 * JITTER, 70_000)
            song.recordings.append(recording(None, max(60_000, base + offset)))
        if rng.random() < p["rerecord"] and original.isrc is not None:
            # Same title, artist and length but its own ISRC: every listing of both must show the ISRC.
            rerecorded = recording(None, base + rng.randint(-1000, 1000), isrc_prob=1.0)
            rerecorded.always_isrc = original.always_isrc = True
            song.recordings.append(rerecorded)
        return song

    # -- listings ------------------------------------------------------------------------
    def display_title(self, rec: Recording, messy: bool) -> tuple[str, str]:
        """(title, artist) of one listing."""
        rng, p = self.rng, self.p
        artist = rec.artist
        title = rec.title
        if messy:
            # A mislabelled listing that only its ISRC ties to the recording.
            choice = rng.random()
            if choice < 0.4:
                title = f"Track {rng.randint(1, 20):02d}"
            elif choice < 0.7:
                title = title_case(" ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 4))))
            else:
                title = title + " " + rng.choice(["Pt. 2", "Reprise Edit", "Mono"])
            if rng.random() < 0.4:
                artist = "Various Artists"
            return title, artist
        if rec.marker:
            style = rng.choice(["({})", "[{}]", " - {}"])
            marker = rec.marker if rng.random() < 0.7 else rec.marker.lower()
            title = title + (" " if not style.startswith(" ") else "") + style.format(marker)
        credit, bare_credit = "", ""
        if rec.featured:
            where = rng.random()
            if where < 0.35:
                credit = rng.choice([" (feat. {})", " [feat. {}]", " (ft. {})", " (Featuring {})"]).format(rec.featured)
            elif where < 0.75:
                artist += rng.choice([" feat. {}", " ft. {}", " & {}", ", {}", " Featuring {}", " Feat. {}"]).format(rec.featured)
            elif where < 0.85:
                bare_credit = rng.choice([" feat. {}", " ft. {}"]).format(rec.featured)
        title += credit
        # A credit without brackets runs to the end of the title, so no tag ever follows it.
        if not bare_credit and rng.random() < p["remaster"]:
            form = rng.choice(REMASTER_FORMS)
            sep = rng.choice([" - ", " (", " ["])
            title += form.format(sep=sep, year=rng.randint(1995, 2022)) + {" - ": "", " (": ")", " [": "]"}[sep]
        title += bare_credit
        return self.noise(title, commas=True), self.noise(artist, commas=False)

    def noise(self, text: str, commas: bool) -> str:
        rng = self.rng
        if rng.random() < 0.3:
            text = strip_accents(text)
        roll = rng.random()
        if roll < 0.15:
            text = text.upper()
        elif roll < 0.3:
            text = text.lower()
        if "'" in text and rng.random() < 0.5:
            text = text.replace("'", "\u2019")
        if rng.random() < 0.15:
            text = text.replace(" ", "  ", 1)
        if rng.random() < 0.08:
            text = " " + text if rng.random() < 0.5 else text + " "
        if rng.random() < 0.06 and text.rstrip()[-1:] in "!?.":
            text = text.rstrip().rstrip("!?.")
        if commas and rng.random() < 0.04 and " " in text.strip():
            i = text.strip().index(" ")
            text = text.strip()[:i] + "," + text.strip()[i:] if rng.random() < 0.5 else text
        return text

    def listings(self, rec: Recording) -> list[dict]:
        rng, p = self.rng, self.p
        rows = []
        n = rec.listings
        messy_slot = None
        if rec.isrc is not None and n >= 2 and rng.random() < p["messy"]:
            messy_slot = rng.randrange(n)
        shows = []
        for i in range(n):
            show = rec.isrc is not None and (rec.always_isrc or i == messy_slot or rng.random() < p["show_isrc"])
            shows.append(show)
        if messy_slot is not None and sum(shows) < 2:
            # The mislabelled listing needs a sibling with the same ISRC to be findable at all.
            other = next(i for i in range(n) if i != messy_slot)
            shows[other] = True
        for i in range(n):
            title, artist = self.display_title(rec, messy=(i == messy_slot))
            rows.append({
                "track_id": None,
                "title": title,
                "artist": artist,
                "duration_ms": rec.duration + rng.randint(-JITTER, JITTER),
                "isrc": rec.isrc if shows[i] else None,
                "_cluster": rec.cluster,
                "_messy": i == messy_slot,
            })
        return rows

    def dataset(self, target: int) -> tuple[list[dict], list[list[str]]]:
        rng = self.rng
        artists = self.artist_pool(max(40, min(target // 12, 1200)))
        songs: list[list[dict]] = []
        shared_titles: list[str] = []
        total = 0
        while total < target * 1.08:
            artist = rng.choice(artists)
            song = self.song(artist, artists, shared_titles)
            if rng.random() < 0.3:
                shared_titles.append(song.recordings[0].title)
            rows = [row for rec in song.recordings for row in self.listings(rec)]
            songs.append(rows)
            total += len(rows)
        songs = drop_inconsistent(songs)
        rows = [row for song in songs for row in song]
        rng.shuffle(rows)
        while len(rows) > target and rows:
            # Trim whole clusters from the end to hit the size, never half a cluster.
            last = rows[-1]["_cluster"]
            rows = [r for r in rows if r["_cluster"] != last]
        for row in rows:
            while True:
                track_id = "".join(rng.choice("0123456789abcdef") for _ in range(10))
                if track_id not in self.ids:
                    self.ids.add(track_id)
                    row["track_id"] = track_id
                    break
        clusters = defaultdict(list)
        for row in rows:
            clusters[row["_cluster"]].append(row["track_id"])
        labels = sorted(sorted(c) for c in clusters.values() if len(c) >= 2)
        tracks = [{k: row[k] for k in ("track_id", "title", "artist", "duration_ms", "isrc")} for row in rows]
        return tracks, labels


def same_recording(a: dict, b: dict) -> bool:
    """The statement's rule for one pair, written out directly."""
    if a["isrc"] is not None and b["isrc"] is not None:
        return a["isrc"] == b["isrc"]
    return (REF.title_key(a["title"]) == REF.title_key(b["title"])
            and REF.primary_artist(a["artist"]) == REF.primary_artist(b["artist"])
            and abs(a["duration_ms"] - b["duration_ms"]) <= TOLERANCE)


def components(rows: list[dict]) -> dict[int, int]:
    """Connected components of the rule over rows (index -> root), checking candidate pairs only."""
    parent = list(range(len(rows)))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    buckets = defaultdict(list)
    for i, row in enumerate(rows):
        buckets[("k", REF.title_key(row["title"]), REF.primary_artist(row["artist"]))].append(i)
        if row["isrc"] is not None:
            buckets[("i", row["isrc"])].append(i)
    for members in buckets.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                a, b = members[x], members[y]
                if same_recording(rows[a], rows[b]):
                    parent[find(a)] = find(b)
    return {i: find(i) for i in range(len(rows))}


def drop_inconsistent(songs: list[list[dict]]) -> list[list[dict]]:
    """Drop songs until the rule's connected components equal the generator's clusters."""
    while True:
        rows = [row for song in songs for row in song]
        owner = [s for s, song in enumerate(songs) for _ in song]
        roots = components(rows)
        by_root = defaultdict(set)
        by_cluster = defaultdict(set)
        for i, row in enumerate(rows):
            by_root[roots[i]].add(row["_cluster"])
            by_cluster[row["_cluster"]].add(roots[i])
        bad = set()
        for i, row in enumerate(rows):
            if len(by_root[roots[i]]) > 1 or len(by_cluster[row["_cluster"]]) > 1:
                bad.add(owner[i])
        if not bad:
            return songs
        print(f"  dropping {len(bad)} of {len(songs)} songs the rules would cluster differently")
        songs = [song for s, song in enumerate(songs) if s not in bad]


def write(group: str, name: str, tracks: list[dict], labels: list[list[str]]) -> None:
    directory = HERE / "data" / group
    directory.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"args": [tracks], "labels": labels}, ensure_ascii=False, separators=(",", ":"))
    if len(text) > 300_000:
        with gzip.GzipFile(directory / f"{name}.json.gz", "wb", mtime=0) as handle:
            handle.write(text.encode())
    else:
        (directory / f"{name}.json").write_text(text + "\n", encoding="utf-8")


BASE = {"listings": [45, 30, 15, 7, 3], "cover": 0.25, "feat": 0.3, "isrc": 0.75, "show_isrc": 0.55,
        "version": 0.35, "edit": 0.12, "rerecord": 0.08, "remaster": 0.25, "messy": 0.15,
        "accents": 0.15}
DATASETS = [
    # group, name, size, seed, changes to BASE
    ("small", "01-traps", 400, 101, {"version": 0.6, "edit": 0.3, "rerecord": 0.3, "feat": 0.5, "messy": 0.3,
                                     "accents": 0.3, "remaster": 0.4}),
    ("small", "02-catalogue", 1500, 102, {}),
    ("small", "03-few-isrcs", 1200, 103, {"isrc": 0.3, "show_isrc": 0.3}),
    ("small", "04-mostly-isrcs", 1000, 104, {"isrc": 0.95, "show_isrc": 0.85, "messy": 0.3}),
    ("small", "05-credits-and-accents", 600, 105, {"feat": 0.85, "accents": 0.6, "isrc": 0.4, "version": 0.2}),
    ("small", "06-versions-and-edits", 600, 106, {"version": 0.9, "edit": 0.6, "rerecord": 0.6, "remaster": 0.5,
                                                   "isrc": 0.6}),
    ("large", "01-catalogue-20k", 20_500, 201, {}),
    ("large", "02-catalogue-25k", 25_500, 202, {"isrc": 0.5, "show_isrc": 0.4, "version": 0.45}),
]


def rule_edges() -> tuple[list[dict], list[list[str]]]:
    """small/07-rule-edges: written by hand, one block per rule that a plausible mistake breaks. The truth is
    the rule itself (components of same_recording), so that judging exactly (F1 = 1) catches each mistake."""
    rows: list[tuple[str, str, int, str | None]] = []  # title, artist, duration_ms, isrc

    def add(title, artist, duration, isrc=None):
        rows.append((title, artist, duration, isrc))

    # Durations: exactly 3000 ms apart is the same recording, 3001 ms is not (catches `< 3000` and `< 3001`).
    for i, (title, artist) in enumerate([("Glass Harbour", "Iris Calloway"), ("Paper Boats", "Tomas Reyes"),
                                         ("Quiet Engines", "Lena Dorsey"), ("Orbit Lines", "Sami Okoro"),
                                         ("Salt Roads", "Vera Lund"), ("Hollow Tides", "Ravi Menon")]):
        base = 180_000 + 7_919 * i
        add(title, artist, base)
        add(title.upper(), artist, base + 3000)
        add(title, artist.lower(), base + 6001)
        add(title, artist, base + 9001)
    # Only `,`, `&` and a featuring word end the primary artist: `with`, `x`, `vs` and `and` are part of it
    # (catches cutting there). Each pair has the same title and duration, so only the artist tells them apart.
    for i, (title, full, short) in enumerate([
            ("Northern Wire", "Mira Holloway with Jo Park", "Mira Holloway"),
            ("Copper Lights", "Kai x Lune", "Kai"),
            ("Night Ferry", "Dj Oro vs Bram Okafor", "Dj Oro"),
            ("Warm Static", "Ada and the Owls", "Ada"),
            ("Blue Hours", "Noor Vance With Ivo Ferreira", "Noor Vance"),
            ("Tin Crown", "Lio X Sade", "Lio")]):
        duration = 200_000 + 6_007 * i
        add(title, full, duration)
        add(title, full.upper(), duration + 500)
        add(title, short, duration + 1000)
        add(title, f"{short} & {full.split()[-1]}", duration + 1500)
    # A featuring word stands alone: `ft` in Left, Gift, Soft or Aftermath and `feat` in Feathers or Feature are
    # not one (catches finding them inside words, which would merge these different songs).
    for i, (one, other) in enumerate([("Left Behind", "Leftovers"), ("Gift Shop", "Gifted"),
                                      ("Soft Rain", "Softly"), ("Aftermath", "After Hours"),
                                      ("Feathers", "Feature Film"), ("Often", "Oftentimes")]):
        duration = 230_000 + 5_003 * i
        add(one, "Noor Vance", duration)
        add(other, "Noor Vance", duration + 200)
        add(f"{one} ft. Ada Lindqvist", "Noor Vance", duration + 400)
    # Digits and `_` are part of a word too: `ft2` and `feat_x` are not featuring words outside brackets
    # (catches a word boundary that only knows letters).
    add("Route ft2", "Sami Okoro", 250_000)
    add("Route", "Sami Okoro", 250_000)
    add("Mix feat_x", "Sami Okoro", 251_000)
    add("Mix", "Sami Okoro", 251_000)
    # A removed bracket leaves a space: `Sunrise(feat. X)Again` is `sunrise again` (catches removing it to
    # nothing, which gives `sunriseagain`).
    for i, word in enumerate(["Again", "Twice", "Home", "Later"]):
        duration = 260_000 + 4_001 * i
        add(f"Sunrise(feat. Bram Okafor){word}", "Lena Dorsey", duration)
        add(f"Sunrise {word}", "Lena Dorsey", duration + 700)
    # A remaster tag's year is its own word: `Remastered2011` is not a tag and stays in the key (catches
    # stripping years that touch it).
    for i, (title, touching, apart) in enumerate([("Stone Garden", "Remastered2011", "Remastered 2011"),
                                                  ("Iron Bell", "2009Remaster", "2009 Remaster"),
                                                  ("Tall Grass", "Remaster1999", "Remaster-1999")]):
        duration = 280_000 + 3_011 * i
        add(f"{title} - {touching}", "Vera Lund", duration)
        add(title, "Vera Lund", duration + 100)
        add(f"{title} ({apart})", "Vera Lund", duration + 200)
    # ISRCs are compared exactly as given: another case or a space makes another code, so these pairs are
    # different recordings (catches case-folding or trimming them).
    for i, (code, twin) in enumerate([("GBAYE0601498", "gbaye0601498"), ("USRC17607839", " USRC17607839"),
                                      ("SEUM71200312", "SEUM71200312 ")]):
        duration = 300_000 + 2_003 * i
        add(f"Lantern {i + 1}", "Tomas Reyes", duration, code)
        add(f"Lantern {i + 1}", "Tomas Reyes", duration, twin)
    tracks = [{"track_id": f"e{i:03d}", "title": t, "artist": a, "duration_ms": d, "isrc": c}
              for i, (t, a, d, c) in enumerate(rows)]
    roots = components(tracks)
    clusters = defaultdict(list)
    for i, track in enumerate(tracks):
        clusters[roots[i]].append(track["track_id"])
    return tracks, sorted(sorted(c) for c in clusters.values() if len(c) >= 2)


def normalised_brackets() -> tuple[list[dict], list[list[str]]]:
    """small/08-normalised-brackets: a bracket's content and a dash part are normalised before the featuring
    word is looked for, and normalising turns `_` into a space: `(feat_x)` is `feat x`, a credit, dropped;
    `feat_x` outside brackets is one word and stays (catches looking for the word in the raw content)."""
    rows = []
    for i, (title, artist, credit) in enumerate([("Night Drive", "Iris Calloway", "(feat_Ada)"),
                                                 ("Cold Water", "Tomas Reyes", "[ft_Bram Okafor]"),
                                                 ("Paper Moon", "Lena Dorsey", "(Featuring_Jo)"),
                                                 ("Red Kite", "Sami Okoro", "- feat_Ivo"),
                                                 ("Glass Bird", "Vera Lund", "[FT_Noor]"),
                                                 ("Late Train", "Ravi Menon", "- ft_Lio")]):
        duration = 320_000 + 5_009 * i
        rows.append((f"{title} {credit}", artist, duration))
        rows.append((title, artist, duration + 800))
        rows.append((f"{title} {credit.strip('()[]- ')}", artist, duration + 1600))  # feat_x outside: stays
        rows.append((f"{title} (ft2 edit)", artist, duration + 400))  # ft2 is no featuring word: a bracket kept
    tracks = [{"track_id": f"n{i:03d}", "title": t, "artist": a, "duration_ms": d, "isrc": None}
              for i, (t, a, d) in enumerate(rows)]
    roots = components(tracks)
    clusters = defaultdict(list)
    for i, track in enumerate(tracks):
        clusters[roots[i]].append(track["track_id"])
    return tracks, sorted(sorted(c) for c in clusters.values() if len(c) >= 2)


def leading_the() -> tuple[list[dict], list[list[str]]]:
    """small/09-leading-the: a leading The is part of the primary artist. Each band is listed with and without
    it, same title, a second apart, no ISRC: two artists, so two recordings (catches dropping The)."""
    rows = []
    for i, (title, band) in enumerate([("Signal Fires", "Static Pilots"), ("Low Orbit", "Night Owls"),
                                       ("Brass Heart", "Velvet Kids"), ("Open Road", "Paper Tigers"),
                                       ("Cold Front", "Northern Lights"), ("Tin Roof", "Quiet Hours")]):
        duration = 340_000 + 4_003 * i
        rows += [(title, f"The {band}", duration), (title.upper(), f"the {band.lower()}", duration + 500),
                 (title, band, duration + 1000), (title, band.upper(), duration + 1500)]
    tracks = [{"track_id": f"h{i:03d}", "title": t, "artist": a, "duration_ms": d, "isrc": None}
              for i, (t, a, d) in enumerate(rows)]
    roots = components(tracks)
    clusters = defaultdict(list)
    for i, track in enumerate(tracks):
        clusters[roots[i]].append(track["track_id"])
    return tracks, sorted(sorted(c) for c in clusters.values() if len(c) >= 2)


def main() -> None:
    for group in ("small", "large"):
        shutil.rmtree(HERE / "data" / group, ignore_errors=True)
    for group, name, size, seed, changes in DATASETS:
        generator = Generator(seed, {**BASE, **changes})
        tracks, labels = generator.dataset(size)
        write(group, name, tracks, labels)
        pairs = sum(len(c) * (len(c) - 1) // 2 for c in labels)
        print(f"{group}/{name}: {len(tracks)} tracks, {len(labels)} clusters, {pairs} true pairs")
    tracks, labels = rule_edges()
    write("small", "07-rule-edges", tracks, labels)
    print(f"small/07-rule-edges: {len(tracks)} tracks, {len(labels)} clusters")
    tracks, labels = normalised_brackets()
    write("small", "08-normalised-brackets", tracks, labels)
    print(f"small/08-normalised-brackets: {len(tracks)} tracks, {len(labels)} clusters")
    tracks, labels = leading_the()
    write("small", "09-leading-the", tracks, labels)
    print(f"small/09-leading-the: {len(tracks)} tracks, {len(labels)} clusters")


if __name__ == "__main__":
    main()
