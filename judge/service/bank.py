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
- A version whose tests do not give their expected outputs (Kind.needs_reference_outputs) is published only
  with its reference's outputs, derived once, in the sandbox, before it is published: by the sync itself when
  it is given a judge (tools, tests), else by a worker (the references task; the sync reports it "pending", and
  the problem keeps the version it had meanwhile). A version whose reference fails, after retries, is refused
  with the reason. A worker judging a submission reads the stored outputs (ProblemBank.references), and never
  runs the reference.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, defer, sessionmaker

from judge.db.models import ProblemVersion, PublishedProblem, utcnow
from judge.errors import FormatIssue, InvalidRequest, JudgeError, ProblemFormatError, ProblemNotFound, ReferenceFailed
from judge.format.content import tree_hash
from judge.format.model import Problem
from judge.lru import LRU
from judge.problems.loader import PROBLEM_FILE, load_problem
from judge.problems.versions import pack, unpack, unpacked_version
from judge.service.access import Action, Viewer

if TYPE_CHECKING:
    from judge.core import Judge

log = logging.getLogger(__name__)
STARTUP = "startup"  # the author of versions published when the API starts
LOADED_VERSIONS = 128  # problems kept loaded in memory per process; the rest are re-read from the cache


@dataclass(frozen=True)
class SyncOutcome:
    """What a sync did with one problem directory (or with a published problem whose directory is gone)."""

    slug: str
    # "new", "updated", "unchanged", "refused" (the faults in issues), "absent" (kept published), "pending"
    # (stored; published once a worker has derived its reference outputs)
    outcome: str
    version: str | None  # what is published now
    previous: str | None = None  # what was published before
    issues: tuple[FormatIssue, ...] = field(default_factory=tuple)
    pending: str | None = None  # the version whose reference outputs are being derived


References = list[Any] | None | Literal["derive"]  # what Judge.judge is given as a version's reference outputs


class ProblemBank:
    """The published problems, as judge.problems.registry's protocol: get, all, at."""

    def __init__(self, sessions: sessionmaker[Session], cache_dir: Path):
        self._sessions = sessions
        self._cache = Path(cache_dir) / "problems"
        self._loaded: LRU[tuple[str, str], Problem] = LRU(LOADED_VERSIONS)  # by (slug, version)
        self._references: LRU[tuple[str, str], list[Any]] = LRU(LOADED_VERSIONS)

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
        problem = self._loaded.get(key)
        if problem is not None:
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
        return self._loaded.put(key, load_problem(directory))

    def references(self, slug: str, version: str) -> References:
        """The reference outputs stored with this version (None if it has none)."""
        known = self._references.get((slug, version))
        if known is not None:
            return known
        with self._sessions() as session:
            outputs = session.scalar(
                select(ProblemVersion.reference_outputs).where(
                    ProblemVersion.version == version, ProblemVersion.slug == slug
                )
            )
        return outputs if outputs is None else self._references.put((slug, version), outputs)

    def versions(self, slug: str) -> list[ProblemVersion]:
        """Every stored version of a problem, newest first, without their archives."""
        with self._sessions() as session:
            rows = session.scalars(
                select(ProblemVersion)
                .where(ProblemVersion.slug == slug)
                .options(defer(ProblemVersion.archive), defer(ProblemVersion.reference_outputs))
                .order_by(ProblemVersion.created_at.desc())
            ).all()
        if not rows:
            raise ProblemNotFound(slug)
        return list(rows)


def sync(
    sessions: sessionmaker[Session],
    problems_dir: Path,
    actor: Viewer | None = None,
    *,
    judge: Judge | None = None,
    enqueue_references: Callable[[str], None] | None = None,
) -> list[SyncOutcome]:
    """Publish every problem directory under problems_dir whose content changed and that loads; report each.

    A published problem whose directory is gone stays published (submissions refer to it) and is reported
    as absent. `actor` None is the API's own sync at start. A version that needs reference outputs has them
    derived by `judge` here, or else is stored and given to `enqueue_references` (a worker publishes it).
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
        outcomes.append(_sync_one(sessions, directory, published.get(directory.name), author, judge))
        pending = outcomes[-1].pending
        if pending is not None and enqueue_references is not None:
            try:
                enqueue_references(pending)
            except Exception:  # noqa: BLE001 - the broker is down: the version stays pending, the next sync asks again
                log.exception("the derivation of %s version %s could not be queued", directory.name, pending[:12])
    present = {d.name for d in directories}
    outcomes += [
        SyncOutcome(slug, "absent", version) for slug, version in sorted(published.items()) if slug not in present
    ]
    if actor is not None:
        from judge.service import audit

        with sessions() as session:
            changed = {
                kind: [o.slug for o in outcomes if o.outcome == kind]
                for kind in ("new", "updated", "refused", "pending")
            }
            audit.record(session, actor, "problems.sync", str(problems_dir), **changed)
            session.commit()
    return outcomes


def _sync_one(
    sessions: sessionmaker[Session], directory: Path, current: str | None, author: str, judge: Judge | None
) -> SyncOutcome:
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
            problem = load_problem(unpacked)
        except ProblemFormatError as exc:
            return SyncOutcome(slug, "refused", current, current, tuple(exc.issues))
        needs = problem.kind.needs_reference_outputs(problem)
        outputs, runner = _stored_references(sessions, version) if needs else (None, None)
        if needs and outputs is None and judge is not None:
            try:
                outputs, runner = judge.derive_references(problem), judge.sandbox.fingerprint()
            except ReferenceFailed as exc:
                _store(sessions, slug, version, archive, author, refused=str(exc), needs_references=True)
                issue = FormatIssue(problem.spec.reference, "", str(exc))
                return SyncOutcome(slug, "refused", current, current, (issue,))
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _store(sessions, slug, version, archive, author, outputs, runner, needs_references=needs)
    if needs and outputs is None:
        log.info("stored %s version %s; it is published once its reference outputs are derived", slug, version[:12])
        return SyncOutcome(slug, "pending", current, current, pending=version)
    _point(sessions, slug, version)
    log.info("published %s version %s", slug, version[:12])
    return SyncOutcome(slug, "new" if current is None else "updated", version, current)


def _stored_references(sessions: sessionmaker[Session], version: str) -> tuple[list[Any] | None, str | None]:
    with sessions() as session:
        row = session.execute(
            select(ProblemVersion.reference_outputs, ProblemVersion.reference_runner).where(
                ProblemVersion.version == version
            )
        ).first()
    return (row[0], row[1]) if row is not None else (None, None)


def derive_and_publish(sessions: sessionmaker[Session], bank: ProblemBank, judge: Judge, version: str) -> str:
    """A stored version's reference outputs, derived in the sandbox, then the version published: what a
    worker does with a sync's "pending" version. Returns "published", "refused" (the reference fails, after
    retries: the reason is stored with the version) or "stale" (a later version was published meanwhile;
    its outputs are stored all the same). SandboxUnavailable propagates, for the task to retry."""
    with sessions() as session:
        row = session.get(ProblemVersion, version, options=[defer(ProblemVersion.archive)])
        if row is None:
            raise ProblemNotFound(f"version {version[:12]}")
        slug, stored, asked = row.slug, row.reference_outputs, row.requested_at or row.created_at
    if stored is None:
        problem = bank.at(slug, version)
        try:
            outputs = judge.derive_references(problem)
        except ReferenceFailed as exc:
            with sessions() as session:
                session.execute(
                    update(ProblemVersion).where(ProblemVersion.version == version).values(refused=str(exc))
                )
                session.commit()
            log.error("%s version %s is not published: %s", slug, version[:12], exc)
            return "refused"
        with sessions() as session:
            session.execute(
                update(ProblemVersion)
                .where(ProblemVersion.version == version)
                .values(reference_outputs=outputs, reference_runner=judge.sandbox.fingerprint(), refused=None)
            )
            session.commit()
    with sessions() as session:
        published = session.get(PublishedProblem, slug)
        if published is not None and published.version == version:
            return "published"
        if published is not None:
            now = session.get(ProblemVersion, published.version, options=[defer(ProblemVersion.archive)])
            if now is not None and (now.requested_at or now.created_at) > asked:
                return "stale"
    _point(sessions, slug, version)
    log.info("published %s version %s, with its reference outputs", slug, version[:12])
    return "published"


def missing_references(bank: ProblemBank) -> list[str]:
    """Published versions that need reference outputs and have none (stored before they were derived at
    publishing): for a worker to derive (derive_and_publish)."""
    missing = []
    for problem in bank.all():
        if problem.kind.needs_reference_outputs(problem) and bank.references(problem.slug, problem.version) is None:
            missing.append(problem.version)
    return missing


def _store(
    sessions: sessionmaker[Session],
    slug: str,
    version: str,
    archive: bytes,
    author: str,
    outputs: list[Any] | None = None,
    runner: str | None = None,
    refused: str | None = None,
    needs_references: bool = False,
) -> None:
    # Two API processes starting at once sync the same directory: whichever stores first wins, the other's
    # insert is the same row, and is let go.
    with sessions() as session:
        row = session.get(ProblemVersion, version, options=[defer(ProblemVersion.archive)])
        if row is None:
            session.add(
                ProblemVersion(
                    version=version,
                    slug=slug,
                    archive=archive,
                    size=len(archive),
                    created_by=author,
                    reference_outputs=outputs,
                    reference_runner=runner,
                    refused=refused,
                    requested_at=utcnow() if needs_references else None,
                )
            )
        else:  # stored before: asked for again, derived again now, or refused again
            row.refused = refused
            if needs_references:
                row.requested_at = utcnow()
            if outputs is not None:
                row.reference_outputs, row.reference_runner = outputs, runner
        try:
            session.commit()
        except IntegrityError:
            session.rollback()


def _point(sessions: sessionmaker[Session], slug: str, version: str) -> None:
    """Publish: new submissions to the problem get this version."""
    with sessions() as session:
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
