"""The in-container runner.

It runs inside the sandbox image with the standard library plus the image's
own packages (duckdb, sqlglot, numpy, pandas). It never sees expected outputs:
it receives inputs, runs the submission against each of them, and prints
plain JSON lines that the judge outside the container compares.
What crosses the container's boundary is fixed in judgebox.protocol.
"""
