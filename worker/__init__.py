"""The queue worker, installed as judge.worker. It stays thin: each task calls one service function with a
submission id."""
