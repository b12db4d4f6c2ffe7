"""The `judge` command's entry point: `judge check` is handed to a resident judge when one runs
(judge.cli.resident_client, the standard library alone), and everything else, or a check it does not take,
goes to the command tree (judge.cli.main)."""

from __future__ import annotations

import sys


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "check" and not {"--help", "-h"} & set(sys.argv[2:]):
        from judge.cli.resident_client import hand_over

        code = hand_over(sys.argv[2:])
        if code is not None:
            sys.exit(code)
    from judge.cli.main import app

    app(prog_name="judge")
