"""Play events made inside the sandbox, lazily: the large tests are streams, not files."""

COUNTRIES = ("SE", "US", "BR", "DE", "IN", "JP", "MX", "GB", "FR", "NG", "ID", "AU")


def play_events(n, seed, artists=5000):
    """n events (user_id, country, artist_id, ms_played) from a linear congruential generator.

    Artist popularity is skewed towards small ids, and each country has its own favourites.
    """
    state = seed
    countries = COUNTRIES
    n_countries = len(countries)
    for _ in range(n):
        state = (state * 6364136223846793005 + 1442695040888963407) % 18446744073709551616
        high = state >> 16  # the low bits of this generator are the weakest
        country_index = high % n_countries
        r = (high // n_countries) % 100000
        artist = (int(artists * (r / 100000.0) ** 3) + 37 * country_index) % artists
        ms_played = (high // 1_200_000) % 240_000
        yield (state % 1_000_003, countries[country_index], artist, ms_played)


def stream(events):
    """A small literal list of events, handed over as the same kind of one-pass iterator."""
    for event in events:
        yield tuple(event)
