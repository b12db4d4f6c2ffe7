"""The queue worker. It stays thin: each task calls one core function with a submission id."""
