"""A problem version packed for the database and unpacked into a cache: the same bytes for the same files,
and nothing unpacked that is not the version it claims to be."""

from __future__ import annotations

import gzip
import io
import shutil
import tarfile

import pytest

from judge.errors import CorruptVersion
from judge.format.content import tree_hash
from judge.problems.loader import load_problem
from judge.problems.versions import pack, unpack, unpacked_version
from tests.conftest import FIXTURES


def test_packing_is_deterministic_and_unpacks_to_the_same_problem(tmp_path):
    source = shutil.copytree(FIXTURES / "plays-per-user", tmp_path / "src" / "plays-per-user")
    archive = pack(source)
    for path in source.rglob("*"):  # times are not part of a version
        path.touch()
    assert pack(source) == archive
    version = tree_hash(source)
    unpacked = unpack(archive, version, tmp_path / "cache" / version / "plays-per-user")
    assert tree_hash(unpacked) == version
    assert load_problem(unpacked).version == load_problem(source).version
    assert unpack(archive, version, unpacked) == unpacked  # there already: left as it is


def test_an_archive_that_is_not_its_version_is_refused_and_leaves_nothing(tmp_path):
    archive = pack(FIXTURES / "add-canary")
    destination = tmp_path / "cache" / ("0" * 32) / "add-canary"
    with pytest.raises(CorruptVersion, match="holds version"):
        unpack(archive, "0" * 32, destination)
    assert not destination.exists() and not any(path.is_file() for path in (tmp_path / "cache").rglob("*"))
    with pytest.raises(CorruptVersion, match="cannot be read"):
        unpack(b"not a tar at all", "0" * 32, destination)


def hostile(member: tarfile.TarInfo, data: bytes = b"x") -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb") as compressed, tarfile.open(fileobj=compressed, mode="w") as tar:
        member.size = len(data) if member.isfile() else 0
        tar.addfile(member, io.BytesIO(data) if member.isfile() else None)
    return buffer.getvalue()


@pytest.mark.parametrize("member", [
    tarfile.TarInfo("../escaped"),
    tarfile.TarInfo("/etc/escaped"),
    tarfile.TarInfo("data/../../escaped"),
    pytest.param(tarfile.TarInfo("link"), id="symlink"),
    pytest.param(tarfile.TarInfo("fifo"), id="fifo"),
], ids=lambda m: m.name if isinstance(m, tarfile.TarInfo) else None)
def test_an_archive_cannot_write_outside_or_make_links(tmp_path, member):
    if member.name == "link":
        member.type, member.linkname = tarfile.SYMTYPE, "/etc/passwd"
    if member.name == "fifo":
        member.type = tarfile.FIFOTYPE
    with pytest.raises(CorruptVersion):
        unpacked_version(hostile(member), tmp_path / "inside" / "tree")
    assert not (tmp_path / "escaped").exists() and not (tmp_path / "inside" / "tree" / "link").exists()
