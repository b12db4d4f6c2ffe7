def discover_weekly(history, track_artist, users):
    """history: {user: [tracks played]}, track_artist: {track: artist}, users: the users to serve.
    Return {user: [30 track ids]}: none already played, at most 2 per artist, all distinct."""
    raise NotImplementedError
