"""The problem bank of a running service: problem versions stored in the database, published by a sync.

Invariants:
- A version is named by the content hash of its directory (judge.format.content) and never changes once
  stored; publishing moves a problem's pointer (published_problems) to one of its versions.
- A directory that does not load is never published: the problem keeps the version it had, and the sync
  reports every fault of the directory.
- What is published is exactly what was validated: the directory is packed first, and the archive, unpacked,
  is what gets hashed and loaded.
- Every process (the API, a worker on any host) reads problems from the database and unpacks each version
  into its own cache directory, under the version's name: no shared filesystem, no problems in an image.
- A submission records the version published when it was accepted, and is judged against that version,
  whatever is published meanwhile.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, defer, sessionmaker

from judge.db.models import ProblemVersion, PublishedProblem, utcnow
from judge.errors import FormatIssue, InvalidRequest, JudgeError, ProblemFormatError, ProblemNotFound
from judge.format.content import tree_hash
from judge.format.model import Problem
from judge.problems.loader import PROBLEM_FILE, load_problem
from judge.problems.versions import pack, unpack, unpacked_version
from judge.service.access import Action, Viewer

log = logging.getLogger(__name__)
STARTUP = "startup"  # the author of versions published when the API starts
LOADED_VERSIONS = 128  # problems kept loaded in memory per process; the rest are re-read from the cache


@dataclass(frozen=True)
class SyncOutcome:
    """What a sync did with one problem directory (or with a published problem whose directory is gone)."""

    slug: str
    outcome: str  # "new", "updated", "unchanged", "refused" (the faults in issues), "absent" (kept published)
    version: str | None  # what is published now
    previous: str | None = None  # what was published before
    issues: tuple[FormatIssue, ...] = field(default_factory=tuple)


class ProblemBank:
    """The published problems, as judge.problems.registry's protocol: get, all, at."""

    def __init__(self, sessions: sessionmaker[Session], cache_dir: Path):
        self._sessions = sessions
        self._cache = Path(cache_dir) / "problems"
        self._loaded: OrderedDict[tuple[str, str], Problem] = OrderedDict()  # by (slug, version)
        self._lock = threading.Lock()

    def published(self) -> dict[str, str]:
        """Each published problem's version, by slug."""
        with self._sessions() as session:
            return dict(session.execute(select(PublishedProblem.slug, PublishedProblem.version)).all())

    def get(self, slug: str) -> Problem:
        version = self.published().get(slug)
        if version is None:
            raise ProblemNotFound(slug)
        return self.at(slug, version)

    def all(self) -> list[Problem]:
        """Every published problem that loads here; one that does not (its stored archive is damaged) is
        logged and left out, rather than taking the whole listing down."""
        problems = []
        for slug, version in sorted(self.published().items()):
            try:
                problems.append(self.at(slug, version))
            except JudgeError as exc:
                log.error("published problem %s (version %s) does not load: %s", slug, version[:12], exc)
        return problems

    def at(self, slug: str, version: str) -> Problem:
        """The problem as it was at this version, from memory, this host's cache, or the database."""
        key = (slug, version)
        with self._lock:
            problem = self._loaded.get(key)
            if problem is not None:
                self._loaded.move_to_end(key)
                return problem
        directory = self._cache / version / slug
        if not (directory / PROBLEM_FILE).is_file():
            with self._sessions() as session:
                archive = session.scalar(
                    select(ProblemVersion.archive).where(ProblemVersion.version == version, ProblemVersion.slug == slug)
                )
            if archive is None:
                raise ProblemNotFound(f"{slug} (version {version[:12]})")
            unpack(archive, version, directory)  # CorruptVersion if the bytes are not that version
        problem = load_problem(directory)
        with self._lock:
            self._loaded[key] = problem
            while len(self._loaded) > LOADED_VERSIONS:
                self._loaded.popitem(last=False)
        return problem

    def versions(self, slug: str) -> list[ProblemVersion]:
        """Every stored version of a problem, newest first, without their archives."""
        with self._sessions() as session:
            rows = session.scalars(
                select(ProblemVersion)
                .where(ProblemVersion.slug == slug)
                .options(defer(ProblemVersion.archive))
                .order_by(ProblemVersion.created_at.desc())
            ).all()
        if not rows:
            raise ProblemNotFound(slug)
        return list(rows)


def sync(sessions: sessionmaker[Session], problems_dir: Path, actor: Viewer | None = None) -> list[SyncOutcome]:
    """Publish every problem directory under problems_dir whose content changed and that loads; report each.

    A published problem whose directory is gone stays published (submissions refer to it) and is reported
    as absent. `actor` None is the API's own sync at start.
    """
    if actor is not None:
        actor.require(Action.PUBLISH_PROBLEMS, doing="publish problems")
    problems_dir = Path(problems_dir)
    if not problems_dir.is_dir():
        raise InvalidRequest(f"the problems directory {problems_dir} does not exist on the server")
    author = actor.name if actor is not None else STARTUP
    with sessions() as session:
        published = dict(session.execute(select(PublishedProblem.slug, PublishedProblem.version)).all())
    outcomes = []
    directories = sorted(p for p in problems_dir.iterdir() if p.is_dir() and (p / PROBLEM_FILE).is_file())
    for directory in directories:
        outcomes.append(_sync_one(sessions, directory, published.get(directory.name), author))
    present = {d.name for d in directories}
    outcomes += [
        SyncOutcome(slug, "absent", version) for slug, version in sorted(published.items()) if slug not in present
    ]
    if actor is not None:
        from judge.service import audit

        with sessions() as session:
            changed = {kind: [o.slug for o in outcomes if o.outcome == kind] for kind in ("new", "updated", "refused")}
            audit.record(session, actor, "problems.sync", str(problems_dir), **changed)
            session.commit()
    return outcomes


def _sync_one(sessions: sessionmaker[Session], directory: Path, current: str | None, author: str) -> SyncOutcome:
    slug = directory.name
    if current is not None and tree_hash(directory) == current:
        return SyncOutcome(slug, "unchanged", current, current)
    archive = pack(directory)
    staging = Path(tempfile.mkdtemp(prefix="judge-sync-"))
    try:
        # What is validated is the archive itself, unpacked: the directory may be edited while this runs.
        unpacked = staging / slug
        version = unpacked_version(archive, unpacked)
        if version == current:
            return SyncOutcome(slug, "unchanged", current, current)
        try:
            load_problem(unpacked)
        except ProblemFormatError as exc:
            return SyncOutcome(slug, "refused", current, current, tuple(exc.issues))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _publish(sessions, slug, version, archive, author)
    log.info("published %s version %s", slug, version[:12])
    return SyncOutcome(slug, "new" if current is None else "updated", version, current)


def _publish(sessions: sessionmaker[Session], slug: str, version: str, archive: bytes, author: str) -> None:
    # Two API processes starting at once sync the same directory: whichever stores first wins, the other's
    # insert is the same row, and is let go.
    with sessions() as session:
        if session.get(ProblemVersion, version) is None:
            session.add(
                ProblemVersion(version=version, slug=slug, archive=archive, size=len(archive), created_by=author)
            )
            try:
                session.commit()
            except IntegrityError:
                session.rollback()
        row = session.get(PublishedProblem, slug)
        if row is None:
            session.add(PublishedProblem(slug=slug, version=version))
        else:
            row.version, row.published_at = version, utcnow()
        try:
            session.commit()
        except IntegrityError:  # published by another process a moment ago
            session.rollback()
            session.merge(PublishedProblem(slug=slug, version=version, published_at=utcnow()))
            session.commit()
