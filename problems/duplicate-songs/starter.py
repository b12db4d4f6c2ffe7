def find_duplicates(tracks: list[dict]) -> list[tuple[str, str]]:
    """Pairs of track ids that are the same recording.

    Each track is {"track_id": str, "title": str, "artist": str, "duration_ms": int, "isrc": str | None}.
    The statement defines when two tracks are the same recording. Return pairs (id_a, id_b) in any
    order; the judge joins the pairs transitively into groups, so linking the members of each group
    by a chain of pairs is enough.
    """
    raise NotImplementedError
