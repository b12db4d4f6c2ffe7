"""Writes the datasets (python3 tools/generate.py from the problem directory).

Each episode has a topic, two rare "key terms" and text mixing common words, topic words and
its key terms. A query asks for one episode's key term plus words of its topic (and often a
filler word such as "the"). Grades: 3 = key term and topic, 2 = key term only, 1 = topic only.
Only episodes that pass the query's filters are graded.
"""

import gzip
import json
import random
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
COMMON = ("the and a to of in is it we you this that on for with about episode podcast today talk show "
          "guest story people new week time really just like").split()
SYLLABLES = ["ka", "lo", "mi", "ra", "ne", "to", "su", "vi", "el", "an", "or", "is", "ba", "de", "jo", "un", "ta", "ri"]
LANGUAGES = ["en", "es", "sv"]


def word(rng, syllables):
    return "".join(rng.choice(SYLLABLES) for _ in range(syllables))


def dataset(rng, n_topics, n_episodes, n_queries, n_shows):
    topics = [[word(rng, 2) for _ in range(12)] for _ in range(n_topics)]
    key_pool = list({word(rng, 4) for _ in range(n_episodes)})
    episodes, meta = [], {}
    for i in range(n_episodes):
        topic = rng.randrange(n_topics)
        keys = rng.sample(key_pool, 2)
        text = [rng.choice(COMMON) for _ in range(rng.randint(20, 60))]
        text += [rng.choice(topics[topic]) for _ in range(rng.randint(8, 25))]
        text += [keys[0]] * rng.randint(1, 3) + [keys[1]] * rng.randint(1, 2)
        rng.shuffle(text)
        episode = {"id": f"e{i}", "show": f"show{rng.randrange(n_shows)}", "language": rng.choice(LANGUAGES),
                   "duration_min": rng.randint(5, 120), "title": " ".join(text[:6]).capitalize(),
                   "description": " ".join(text[6:])}
        episodes.append(episode)
        meta[episode["id"]] = (topic, set(keys))
    queries, judgements, allowed = [], {}, {}
    for q in range(n_queries):
        target = rng.choice(episodes)
        topic, keys = meta[target["id"]]
        key = sorted(keys)[rng.randrange(2)]
        terms = [key] + rng.sample(topics[topic], rng.randint(1, 2))
        if rng.random() < 0.7:
            terms.insert(rng.randrange(len(terms) + 1), rng.choice(COMMON))
        filters = {"language": target["language"]}
        if rng.random() < 0.5:
            filters["max_duration_min"] = target["duration_min"] + rng.randint(0, 30)
        if rng.random() < 0.2:
            filters["show"] = target["show"]
        query = {"id": f"q{q}", "text": " ".join(terms), "filters": filters}
        queries.append(query)
        passing = [e for e in episodes if passes(e, filters)]
        grades = {}
        for e in passing:
            e_topic, e_keys = meta[e["id"]]
            grade = (2 if key in e_keys else 0) + (1 if e_topic == topic else 0)
            if grade:
                grades[e["id"]] = grade
        judgements[query["id"]] = grades
        allowed[query["id"]] = [e["id"] for e in passing]
    return {"args": [episodes, queries], "labels": {"k": 10, "judgements": judgements, "allowed": allowed}}


def passes(episode, filters):
    return (episode["language"] == filters["language"]
            and episode["duration_min"] <= filters.get("max_duration_min", 10**9)
            and episode["show"] == filters.get("show", episode["show"]))


def write(name, payload):
    path = HERE / "data" / f"{name}.json.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        json.dump(payload, handle, separators=(",", ":"))


def filter_edges():
    """hidden/04-filter-edges: the best episode of each query is exactly as long as the query allows
    (catches `<` for `<=` on max_duration_min: it would drop them all), with a weaker one a little shorter."""
    common = "today we talk about the week and the show with a guest".split()
    rare = ["zebulon", "quasar", "marimba", "obsidian", "tundra", "falafel", "glacier", "hopscotch",
            "ivorybill", "juniper", "kestrel", "lagoon"]
    episodes, queries, judgements = [], [], {}
    for i, word in enumerate(rare):
        limit = 20 + 5 * i
        best, weaker = f"f{i}a", f"f{i}b"
        episodes.append({"id": best, "show": f"s{i % 3}", "language": "en", "duration_min": limit,
                         "title": f"{word.capitalize()} {word} {common[i % len(common)]}",
                         "description": " ".join([word] * 4 + common)})
        episodes.append({"id": weaker, "show": f"s{i % 3}", "language": "en", "duration_min": limit - 3,
                         "title": f"{common[(i + 1) % len(common)].capitalize()} {common[(i + 2) % len(common)]}",
                         "description": " ".join([word] + common + common)})
        queries.append({"id": f"q{i}", "text": f"the {word}", "filters": {"language": "en", "max_duration_min": limit}})
        judgements[f"q{i}"] = {best: 3, weaker: 1}
    allowed = {q["id"]: [e["id"] for e in episodes if passes(e, q["filters"])] for q in queries}
    return {"args": [episodes, queries], "labels": {"k": 10, "judgements": judgements, "allowed": allowed}}


def capitalised():
    """hidden/05-capitalised: each query's best episode has the query's key word only capitalised (a title's
    first word), or the query has it capitalised and the episode in lower case; a weaker episode repeats the
    query's topic word. Matching with regard to case misses every key word, and ranks the weaker one first."""
    common = "we talk about the week and the show with a guest today".split()
    keys = ["zebulon", "quasar", "marimba", "obsidian", "tundra", "falafel", "glacier", "hopscotch",
            "ivorybill", "juniper", "kestrel", "lagoon"]
    topics = ["lunar", "fiddle", "pottery", "harvest", "sailing", "origami", "cricket", "mosaic",
              "tango", "alpine", "saffron", "vinyl"]
    episodes, queries, judgements = [], [], {}
    for i, (key, topic) in enumerate(zip(keys, topics)):
        best, weaker = f"c{i}a", f"c{i}b"
        if i % 2 == 0:  # the episode says it capitalised only; the query in lower case
            title, description, text = f"{key.capitalize()} {topic} notes", " ".join(common), f"{key} {topic}"
        else:  # the query says it capitalised; the episode in lower case only
            title, description, text = f"{topic.capitalize()} notes", " ".join([key] + common), f"{key.capitalize()} {topic}"
        episodes.append({"id": best, "show": "s1", "language": "en", "duration_min": 30, "title": title,
                         "description": description})
        episodes.append({"id": weaker, "show": "s1", "language": "en", "duration_min": 30,
                         "title": f"{common[i % len(common)].capitalize()} {topic} {topic}",
                         "description": " ".join([topic] * 3 + common)})
        episodes.append({"id": f"c{i}z", "show": "s2", "language": "en", "duration_min": 30,
                         "title": "Today we talk", "description": " ".join(common + common)})
        queries.append({"id": f"q{i}", "text": text, "filters": {"language": "en"}})
        judgements[f"q{i}"] = {best: 3, weaker: 1}
    allowed = {q["id"]: [e["id"] for e in episodes if passes(e, q["filters"])] for q in queries}
    return {"args": [episodes, queries], "labels": {"k": 10, "judgements": judgements, "allowed": allowed}}


def main():
    write("hidden/04-filter-edges", filter_edges())
    write("hidden/05-capitalised", capitalised())
    for i, (topics, episodes, queries, shows) in enumerate([(6, 60, 8, 5), (8, 90, 10, 6), (10, 120, 12, 8)], 1):
        write(f"examples/{i:02d}", dataset(random.Random(i), topics, episodes, queries, shows))
    for i in range(1, 4):
        write(f"hidden/{i:02d}", dataset(random.Random(100 + i), 30, 1500, 60, 40))
    write("large/01", dataset(random.Random(500), 60, 6000, 120, 100))


if __name__ == "__main__":
    main()
