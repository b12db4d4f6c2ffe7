def top_artists(events, k):
    """events: an iterator of (user_id, country, artist_id, ms_played) tuples, read once.
    Return {country: [[artist_id, plays], ...]}: each country's k most played artists."""
    raise NotImplementedError
