"""Durable storage: users, their tokens, submissions and their results."""
