"""Writes the tests (python3 tools/generate.py from the problem directory).

Entities are artists; each appears as several records with its name spelt differently
(case, accents, "The X" / "X, The", "feat." guests, "&" / "and", punctuation) and a subset of
its songs. Some entities share a name with another (two bands called "Ghost") and share no songs.
Generic titles ("Intro") appear under many artists.
"""

import gzip
import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
SYLLABLES = ["ka", "lo", "mi", "ra", "ne", "to", "su", "vi", "el", "an", "or", "is", "ba", "dé", "jo", "ün"]
WORDS = ["night", "river", "fire", "gold", "summer", "echo", "blue", "heart", "road", "storm", "city", "dream",
         "light", "wild", "stone", "ghost", "rain", "moon", "velvet", "neon"]
GENERIC = ["Intro", "Outro", "Interlude", "Untitled", "Bonus Track"]


def base_name(rng):
    style = rng.random()
    word = lambda: "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()  # noqa: E731
    if style < 0.3:
        return f"The {word()} {rng.choice(['Band', 'Collective', 'Brothers', 'Kids'])}"
    if style < 0.5:
        return f"{word()} & {word()}"
    return f"{word()} {word()}" if style < 0.8 else word()


def spellings(name, rng):
    variants = {name, name.lower(), name.upper()}
    if name.startswith("The "):
        variants.add(f"{name[4:]}, The")
    if "&" in name:
        variants.add(name.replace("&", "and"))
    plain = name.replace("é", "e").replace("ü", "u")
    variants.add(plain)
    variants.add(f"{name} feat. {base_name(rng)}")
    variants.add(f"{name}.")
    return sorted(variants)


def song(rng):
    invented = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
    return f"{rng.choice(WORDS)} {invented}".title() if rng.random() < 0.7 else f"{invented} {rng.choice(WORDS)}".title()


def dataset(rng, n_entities, homonym_share=0.1):
    records, clusters, next_id = [], [], 1
    names = []
    for e in range(n_entities):
        if names and rng.random() < homonym_share:
            name = rng.choice(names)  # a different artist with the same name
        else:
            name = base_name(rng)
            names.append(name)
        catalogue = list({song(rng) for _ in range(rng.randint(6, 14))})
        hits = catalogue[:2]
        cluster = []
        for spelling in rng.sample(spellings(name, rng), rng.randint(1, 4)):
            songs = hits + rng.sample(catalogue[2:], min(len(catalogue) - 2, rng.randint(0, 4)))
            songs = [s.lower() if rng.random() < 0.2 else s for s in songs]
            if rng.random() < 0.5:
                songs.append(rng.choice(GENERIC))
            rng.shuffle(songs)
            records.append({"id": next_id, "name": spelling, "songs": songs})
            cluster.append(next_id)
            next_id += 1
        clusters.append(cluster)
    order = list(range(len(records)))
    rng.shuffle(order)
    return [records[i] for i in order], [c for c in clusters if len(c) > 1]


def generic_threshold():
    """A title is generic under more than three names, and evidence under three (catches moving the line:
    `>= 3`, `> 2` or `> 4` names). Twelve artists have two records that share only a title found under
    exactly three names: they are one artist each. Twelve names have two records that share only a title
    found under exactly four names: namesakes, not one artist."""
    first = ["Ansel", "Brisa", "Cato", "Delphine", "Ezra", "Farah", "Gideon", "Hana", "Ivo", "Jolie", "Kenji", "Lark"]
    last = ["Moreau", "Quill", "Sayer", "Tamsin", "Ulloa", "Vidal", "Wren", "Yates"]
    names = iter(f"{f} {l}" for l in last for f in first)
    words = iter(f"{a} {b}" for a in ("Amber", "Cobalt", "Ivory", "Jade", "Scarlet", "Umber", "Saffron", "Teal",
                                      "Ochre")
                 for b in ("Harbor", "Lantern", "Meadow", "Orchard", "Quarry", "Rookery", "Signal", "Thicket",
                           "Bellows"))
    records, clusters, ids = [], [], iter(range(1000, 2000))

    def record(name, *songs):
        records.append({"id": next(ids), "name": name, "songs": list(songs)})
        return records[-1]["id"]

    for _ in range(12):  # under three names: evidence
        title, artist = next(words), next(names)
        pair = [record(artist, title, next(words)), record(artist.upper(), title, next(words))]
        clusters.append(pair)
        record(next(names), title)
        record(next(names), title)
    for _ in range(12):  # under four names: generic, so two namesakes stay apart
        title, artist = next(words), next(names)
        record(artist, title, next(words))
        record(artist, title, next(words))
        for _ in range(3):
            record(next(names), title)
    return records, clusters


def feat_inside_words():
    """A guest credit is a whole word: "Swift" has no "ft." in it. Twelve pairs of different artists whose
    names are one cut apart if "ft" or "feat" is cut inside a word ("Left Shift" and "Left Shiftless" both
    become "le"), each sharing a song title (a cover): different names, so different artists. And twelve
    artists whose second record credits a guest: one artist each."""
    stems = ["Swift", "Loft", "Craft", "Drift", "Shaft", "Heft", "Tuft", "Feather", "Defeat", "Feats", "Raft",
             "Gift"]
    tails = ["Lane", "House", "Works", "Society", "Engine", "Parade", "Hollow", "Circle", "Kings", "Union",
             "Motel", "Garden"]
    records, clusters, ids = [], [], iter(range(2000, 3000))

    def record(name, *songs):
        records.append({"id": next(ids), "name": name, "songs": list(songs)})
        return records[-1]["id"]

    for i, (stem, tail) in enumerate(zip(stems, tails)):
        cover = f"{tail} Anthem {i}"
        record(f"{stem} {tail}", cover, f"{stem} Song {i}")
        record(f"{stem}ly {tail}s", cover, f"Other Song {i}")
        artist = f"{tail} {stem}"
        clusters.append([record(artist, f"First Light {i}"), record(f"{artist} ft. Guest {i}", f"First Light {i}")])
    return records, clusters


def punctuation_between_words():
    """Punctuation is a space between words: "AC/DC" is "ac dc", as is "AC DC", and neither is "ACDC". Twelve
    artists are spelled with a mark between their words and with a space, sharing a song: one artist each."""
    pairs = [("Ra/Mi", "Ra Mi"), ("Lo-Fi Kids", "Lo Fi Kids"), ("Su.Ki", "Su Ki"), ("Jo+Ann", "Jo Ann"),
             ("Ka:Lo", "Ka Lo"), ("Neon/Tide", "Neon Tide"), ("Vi_Ra", "Vi Ra"), ("El~Mo", "El Mo"),
             ("Ta*Ri", "Ta Ri"), ("Ba;De", "Ba De"), ("Or|An", "Or An"), ("Is#Un", "Is Un")]
    records, clusters, ids = [], [], iter(range(3000, 4000))
    for i, (marked, spaced) in enumerate(pairs):
        first = {"id": next(ids), "name": marked, "songs": [f"Quiet Signal {i}", f"B Side {i}"]}
        second = {"id": next(ids), "name": spaced, "songs": [f"quiet signal {i}"]}
        records += [first, second]
        clusters.append([first["id"], second["id"]])
    return records, clusters


def write(group, name, records, clusters, gz=False):
    records = [{**r, "id": f"a{r['id']}"} for r in records]  # ids are strings
    clusters = [[f"a{i}" for i in c] for c in clusters]
    payload = json.dumps({"args": [records], "labels": clusters}, ensure_ascii=False)
    path = HERE / "data" / group / (f"{name}.json.gz" if gz else f"{name}.json")
    if gz:
        with gzip.open(path, "wt", encoding="utf-8") as handle:
            handle.write(payload)
    else:
        path.write_text(payload + "\n", encoding="utf-8")


def main():
    write("examples", "01-spellings",
          [{"id": 1, "name": "The Velvet Kids", "songs": ["Neon Road", "Summer Echo"]},
           {"id": 2, "name": "Velvet Kids, The", "songs": ["Summer Echo", "Intro"]},
           {"id": 3, "name": "the velvet kids feat. Jo", "songs": ["neon road"]},
           {"id": 4, "name": "Ra & Mi", "songs": ["Gold"]}],
          [[1, 2, 3]])
    write("examples", "02-two-ghosts",
          [{"id": 10, "name": "Ghost", "songs": ["Square Hammer", "Cirice"]},
           {"id": 11, "name": "GHOST", "songs": ["Cirice", "Year Zero"]},
           {"id": 12, "name": "Ghost", "songs": ["Night River", "Blue Stone"]},
           {"id": 13, "name": "ghost.", "songs": ["Blue Stone"]}],
          [[10, 11], [12, 13]])
    write("examples", "03-accents",
          [{"id": 20, "name": "Dévi Lo", "songs": ["Storm City", "Wild Heart"]},
           {"id": 21, "name": "Devi Lo", "songs": ["wild heart"]},
           {"id": 22, "name": "Kalo and Su", "songs": ["Moon"]},
           {"id": 23, "name": "Kalo & Su", "songs": ["Moon", "Rain"]}],
          [[20, 21], [22, 23]])
    rng = random.Random(4242)
    for case in range(1, 4):
        write("edge-cases", f"{case:02d}", *dataset(rng, 60, homonym_share=0.3))
    write("edge-cases", "04-generic-threshold", *generic_threshold())
    write("edge-cases", "05-feat-inside-words", *feat_inside_words())
    write("edge-cases", "06-punctuation-between-words", *punctuation_between_words())
    write("large", "01", *dataset(random.Random(7), 9000), gz=True)
    write("large", "02", *dataset(random.Random(8), 12000, homonym_share=0.05), gz=True)


if __name__ == "__main__":
    main()
