"""A bare run of one solution on every test of a problem: the runner's executors, no container.

Run by check_vs_bare.py as `/usr/bin/python3 bare.py BOX_DIR` with the image's
packages on PYTHONPATH. BOX_DIR is laid out like the sandbox's /box.
"""

import json
import os
import sys

from judgebox.executors import executor_for


def main(box: str) -> None:
    with open(os.path.join(box, "task.json")) as handle:
        task = json.load(handle)
    executor = executor_for(task)
    executor.load()
    for test in task["tests"]:
        executor.prepare(test)
        executor.to_output(executor.run())


if __name__ == "__main__":
    main(sys.argv[1])
