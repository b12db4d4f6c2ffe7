"""Similarity of submissions: normalised token streams, winnowed fingerprints, and pair scores.

Pure functions over sources, with no database or service: judge.service.similarity stores what `fingerprint`
returns per submission and builds the report from it. A score is advisory: it never changes a verdict or a
grade (docs/similarity.md).
"""
