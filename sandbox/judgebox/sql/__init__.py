"""SQL in six dialects: parse in the candidate's dialect, check, translate or run natively.

``dialects`` holds one module per dialect (how it is parsed, which engine runs
it, which fixes its translation needs); ``translate.plan`` turns a source into
what an engine runs; ``duckdb_engine`` and ``sqlite_engine`` run it locked down.
"""
