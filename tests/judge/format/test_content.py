"""A problem version's name: the hash of exactly the files that make up the problem."""

from __future__ import annotations

import shutil

from judge.format.content import problem_files, tree_hash
from tests.conftest import FIXTURES


def copy(tmp_path, name="add-canary"):
    return shutil.copytree(FIXTURES / name, tmp_path / name)


def test_the_hash_is_stable_and_follows_every_byte_and_name(tmp_path):
    directory = copy(tmp_path)
    before = tree_hash(directory)
    assert before == tree_hash(directory) and len(before) == 32
    data = directory / "data" / "hidden" / "01.json"
    data.write_bytes(data.read_bytes() + b" ")
    assert tree_hash(directory) != before
    data.write_bytes(data.read_bytes()[:-1])
    assert tree_hash(directory) == before
    data.rename(data.with_name("09.json"))
    assert tree_hash(directory) != before


def test_names_and_contents_cannot_run_together(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir(), two.mkdir()
    (one / "a").write_bytes(b"bc")
    (two / "ab").write_bytes(b"c")
    assert tree_hash(one) != tree_hash(two)


def test_caches_and_hidden_files_are_not_part_of_a_problem(tmp_path):
    directory = copy(tmp_path)
    before = tree_hash(directory)
    (directory / "__pycache__").mkdir()
    (directory / "__pycache__" / "x.cpython-311.pyc").write_bytes(b"\0")
    (directory / "solutions" / "stray.pyc").write_bytes(b"\0")
    (directory / ".DS_Store").write_bytes(b"\0")
    (directory / "data" / ".hidden.json.swp").write_bytes(b"\0")
    assert tree_hash(directory) == before
    assert all(not name.endswith((".pyc", ".swp", "DS_Store")) for name, _ in problem_files(directory))
