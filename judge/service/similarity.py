"""Similarity reports of an assignment or a hiring assessment: which of its submissions were not written apart.

Invariants:
- Advisory. Nothing here changes a verdict, a score or a grade, and every report says so (ADVISORY).
- Staff only: the course's instructors and TAs (Action.READ_SIMILARITY), for their own courses. Pairs are made
  among the assignment's students alone; the problem's whole history (every course's) only counts how common a
  fingerprint is, and none of it is shown. Authors are named by login, which names no one in a blind assessment.
- A submission's fingerprint is made once it is judged, by the worker (`record`), never in the box, and in the
  bounded pool of processes with a deadline (judge.service.parse_check): a parse that runs out of time gives
  the raw tokens instead, which take linear time. Making it never fails or delays a verdict.
- The starter's fingerprints are excluded from every pair (judge.similarity.compare), as are those common to
  the problem's submissions, and too small a submission is not scored: it is listed as not comparable.
- Hidden tests are compared only as digests of what each submission that failed them got (`outcomes`), made in
  the worker from the full result; the digests are never shown, only the names of the tests two share.
- Bounded: a report compares at most MAX_AUTHORS submissions per problem, counts at most HISTORY of the
  problem's fingerprints (each at most MAX_STORED_HASHES hashes), and makes at most MAKE_PER_REPORT missing
  fingerprints within MAKE_BUDGET_S (the rest are `pending`, for the next report).
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from judge.db.models import Assignment, AssignmentProblem, Membership, Submission, SubmissionFingerprint, User
from judge.db.roles import MemberRole
from judge.errors import InvalidRequest, NotFound
from judge.format.model import Problem
from judge.service.access import Action, Viewer, find_course
from judge.service.courses import assignment_of
from judge.service.schemas import (
    PairSide,
    ProblemSimilarity,
    ReferenceMatch,
    SimilarityPairDetail,
    SimilarityReport,
    SimilarPair,
)
from judge.service.services import Services
from judge.similarity import compare
from judge.similarity.fingerprint import VERSION, Context, Fingerprint, fingerprint
from judge.similarity.python import entry_names
from judge.verdicts import Status, SubmissionResult, Verdict

log = logging.getLogger(__name__)

ADVISORY = (
    "Advisory only: a similarity score is evidence for a person to weigh, never proof, and it changes no "
    "verdict, score or grade. Read the pair side by side before drawing any conclusion (docs/similarity.md)."
)
FLAG_SCORE = 0.8  # a pair at or above it is flagged, and links its authors into clusters
REFERENCE_MATCH = 0.9  # structure shared with an accepted solution of the problem's
MAX_AUTHORS = 300  # per problem: 44,850 pairs at most, about two seconds
HISTORY = 1000  # of the problem's latest fingerprints, counted for what is common
MAKE_PER_REPORT = 40  # fingerprints a report makes that the workers did not (older submissions, a new VERSION)
FINGERPRINT_TIMEOUT_S = 2.0  # the bank's largest reference takes 20 ms
MAKE_BUDGET_S = 5.0  # of fingerprints a report makes itself; the rest wait for the next one
PAIRS_LIMIT = 500


# --- fingerprints, made in the worker --------------------------------------------------------------------


def context_for(problem: Problem) -> Context:
    language = problem.kind.language
    schema = problem.kind.tables(problem) if language == "sql" else {}
    return Context(
        language, dict(schema or {}), entry_names(_starter_text(problem)) if language == "python" else frozenset()
    )


def _starter_text(problem: Problem) -> str | None:
    starter = getattr(problem.spec, "starter", None)
    if not starter:
        return None
    try:
        return (problem.directory / starter).read_text(encoding="utf-8")
    except OSError:
        return None


def _dialect_of(problem: Problem, dialect: str | None) -> str | None:
    if problem.kind.language != "sql":
        return None
    return dialect or (problem.dialects() or ["duckdb"])[0]


def _fingerprint_job(text: str, dialect: str | None, context: Context) -> Fingerprint:
    """What the pool runs: a top-level function, so that a spawned process can import it."""
    return fingerprint(text, dialect, context)


def make_fingerprint(services: Services, problem: Problem, source: str, dialect: str | None) -> Fingerprint:
    """The source's fingerprint, parsed in the bounded pool; its raw tokens if that ran out of time."""
    context, dialect = context_for(problem), _dialect_of(problem, dialect)
    if services.parse_check is not None:
        made = services.parse_check.run(
            _fingerprint_job,
            (source, dialect, context),
            f"fingerprinting a submission to {problem.slug}",
            timeout_s=FINGERPRINT_TIMEOUT_S,
        )
        if isinstance(made, Fingerprint):
            return made
        return fingerprint(source, dialect, context, parse=False)
    return fingerprint(source, dialect, context)


def outcome_digests(result: SubmissionResult) -> dict[str, str]:
    """A digest of what the submission got on each test it answered wrongly, from the full result (hidden
    tests' outputs included): equal digests mean the same wrong output. Never shown."""
    out = {}
    for test in result.tests:
        if test.verdict is Verdict.WRONG_ANSWER:
            body = json.dumps([test.feedback, test.metrics], sort_keys=True, default=str)
            out[test.name] = hashlib.blake2b(body.encode(), digest_size=12).hexdigest()
    return out


def record(services: Services, submission_id: str, result: SubmissionResult | None = None) -> None:
    """Make and keep the submission's fingerprint (and, given its full result, its wrong outputs' digests).
    A failure is logged: a verdict never waits on it."""
    try:
        with services.sessions() as session:
            row = session.get(Submission, submission_id)
            if row is None or row.examples_only:
                return
            slug, version, source, dialect = row.problem, row.problem_version, row.source, row.dialect
        problem = services.registry.at(slug, version) if version else services.registry.get(slug)
        made = make_fingerprint(services, problem, source, dialect)
        outcomes = outcome_digests(result) if result is not None else None
        with services.sessions() as session:
            _keep(session, submission_id, made, outcomes)
            session.commit()
    except Exception:  # noqa: BLE001 - similarity is advisory: it never fails a judging
        log.warning("fingerprinting submission %s failed", submission_id, exc_info=True)


def _keep(session: Session, submission_id: str, made: Fingerprint, outcomes: dict[str, str] | None) -> None:
    row = session.get(SubmissionFingerprint, submission_id)
    if row is None:
        session.add(
            SubmissionFingerprint(
                submission_id=submission_id, version=VERSION, data=made.stored(), outcomes=outcomes or {}
            )
        )
        return
    row.version, row.data = VERSION, made.stored()
    if outcomes is not None:
        row.outcomes = outcomes


# --- the problem's own: its starter and accepted solutions, trusted and small --------------------------------


_Own = tuple[compare.Stored | None, tuple[tuple[str, compare.Stored], ...]]
_owns: dict[tuple[str, str], _Own] = {}


def _own(problem: Problem) -> _Own:
    """The starter's fingerprint and each accepted solution's, once per version of the problem."""
    key = (problem.slug, problem.version)
    if key not in _owns:
        if len(_owns) >= 64:
            _owns.clear()
        _owns[key] = _made_own(problem)
    return _owns[key]


def _made_own(problem: Problem) -> _Own:
    context = context_for(problem)
    starter_text = _starter_text(problem)
    starter = None
    if starter_text:
        made = fingerprint(starter_text, _dialect_of(problem, None), context)
        starter = compare.Stored(frozenset(made.hashes), made.surface)
    references = []
    for solution in problem.spec.solutions:
        if solution.expect is not Verdict.ACCEPTED:
            continue
        try:
            text = (problem.directory / solution.file).read_text(encoding="utf-8")
        except OSError:
            continue
        made = fingerprint(text, _dialect_of(problem, solution.dialect), context)
        references.append((Path(solution.file).name, compare.Stored(frozenset(made.hashes), made.surface)))
    return starter, tuple(references)


# --- reports --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    author: str
    submission: Submission
    stored: compare.Stored
    outcomes: dict[str, str]


@dataclass
class _ProblemView:
    problem: Problem
    corpus: compare.Corpus
    entries: dict[str, _Entry]  # by author
    pending: int
    truncated: bool
    references: tuple[tuple[str, compare.Stored], ...]


def _stored_of(row: SubmissionFingerprint) -> compare.Stored:
    data = row.data or {}
    return compare.Stored(frozenset(int(h) for h in data.get("hashes", [])), frozenset(data.get("surface", [])))


def _latest(session: Session, assignment: Assignment, slug: str) -> tuple[list[tuple[str, Submission]], bool]:
    """Each student's latest judged submission to the problem in this assignment (at most MAX_AUTHORS). Their
    ids first, sources only for the chosen ones: a cohort that resubmits often is not read in full."""
    students = select(Membership.user_id).where(
        Membership.course_id == assignment.course_id, Membership.role == MemberRole.STUDENT
    )
    ranked = (
        select(
            User.name,
            Submission.id,
            func.row_number()
            .over(partition_by=Submission.user_id, order_by=(Submission.received_at.desc(), Submission.id))
            .label("n"),
            Submission.received_at,
        )
        .join(User, User.id == Submission.user_id)
        .where(
            Submission.assignment_id == assignment.id,
            Submission.problem == slug,
            Submission.status == Status.FINISHED,
            Submission.examples_only.is_(False),
            Submission.user_id.in_(students),
        )
        .subquery()
    )
    rows = session.execute(
        select(ranked.c.name, ranked.c.id)
        .where(ranked.c.n == 1)
        .order_by(ranked.c.received_at.desc(), ranked.c.id)
        .limit(MAX_AUTHORS + 1)
    ).all()
    chosen = rows[:MAX_AUTHORS]
    by_id = {s.id: s for s in session.scalars(select(Submission).where(Submission.id.in_([i for _, i in chosen])))}
    return [(name, by_id[i]) for name, i in chosen], len(rows) > MAX_AUTHORS


def _history(session: Session, slug: str) -> list[compare.Stored]:
    """The problem's latest fingerprints of this VERSION, one per author, from every course (counted only)."""
    rows = session.execute(
        select(Submission.user_id, SubmissionFingerprint)
        .join(Submission, Submission.id == SubmissionFingerprint.submission_id)
        .where(
            Submission.problem == slug, SubmissionFingerprint.version == VERSION, Submission.examples_only.is_(False)
        )
        .order_by(Submission.received_at.desc())
        .limit(HISTORY)
    ).all()
    seen: dict[str, compare.Stored] = {}
    for user_id, row in rows:
        seen.setdefault(user_id, _stored_of(row))
    return list(seen.values())


def _view(session: Session, services: Services, assignment: Assignment, slug: str) -> _ProblemView:
    problem = services.registry.get(slug)
    latest, truncated = _latest(session, assignment, slug)
    rows = {
        row.submission_id: row
        for row in session.scalars(
            select(SubmissionFingerprint).where(SubmissionFingerprint.submission_id.in_([s.id for _, s in latest]))
        )
    }
    made, pending = 0, 0
    started = time.monotonic()
    entries: dict[str, _Entry] = {}
    for author, submission in latest:
        row = rows.get(submission.id)
        if row is None or row.version != VERSION:
            if made >= MAKE_PER_REPORT or time.monotonic() - started > MAKE_BUDGET_S:
                pending += 1
                continue
            made += 1
            _keep(
                session, submission.id, make_fingerprint(services, problem, submission.source, submission.dialect), None
            )
            session.flush()
            row = session.get(SubmissionFingerprint, submission.id)
            assert row is not None  # just kept
        entries[author] = _Entry(author, submission, _stored_of(row), dict(row.outcomes or {}))
    if made:
        session.commit()
    starter, references = _own(problem)
    history = _history(session, slug)
    return _ProblemView(problem, compare.corpus(history, starter), entries, pending, truncated, references)


def _rare_wrong(view: _ProblemView) -> set[tuple[str, str]]:
    """(test, digest) pairs that few submissions share: a common wrong output is a common mistake, not a sign."""
    counts = Counter(item for entry in view.entries.values() for item in entry.outcomes.items())
    size = len(view.entries)
    return {item for item, n in counts.items() if size < 5 or n <= max(2, compare.Settings().rare_share * size)}


def _scored(view: _ProblemView) -> list[SimilarPair]:
    rare = _rare_wrong(view)
    scored = []
    for (a, b), pair in compare.all_pairs(view.corpus, {k: e.stored for k, e in view.entries.items()}).items():
        ea, eb = view.entries[a], view.entries[b]
        same = sorted(t for t, d in ea.outcomes.items() if eb.outcomes.get(t) == d and (t, d) in rare)
        scored.append((a, b, pair, same))
    distribution = sorted(pair.score for _, _, pair, _ in scored)
    out = [
        SimilarPair(
            a=a,
            b=b,
            a_submission=view.entries[a].submission.id,
            b_submission=view.entries[b].submission.id,
            score=round(pair.score, 4),
            structure=round(pair.structure, 4),
            style=round(pair.style, 4),
            percentile=compare.percentile(distribution, pair.score),
            flagged=pair.score >= FLAG_SCORE,
            shared_fragments=len(pair.shared),
            rare_style=list(pair.rare_style),
            same_wrong_tests=same,
        )
        for a, b, pair, same in scored
    ]
    return sorted(out, key=lambda p: (-p.score, -len(p.same_wrong_tests), p.a, p.b))


def _reference_matches(view: _ProblemView) -> list[ReferenceMatch]:
    out = []
    for author, entry in sorted(view.entries.items()):
        best: tuple[float, str] | None = None
        for name, reference in view.references:
            pair = view.corpus.pair(entry.stored, reference)
            if pair is not None and (best is None or pair.structure > best[0]):
                best = (pair.structure, name)
        if best is not None and best[0] >= REFERENCE_MATCH:
            out.append(
                ReferenceMatch(
                    author=author, submission=entry.submission.id, structure=round(best[0], 4), reference=best[1]
                )
            )
    return out


def _problem_report(view: _ProblemView, limit: int) -> ProblemSimilarity:
    pairs = _scored(view)
    scores = sorted(p.score for p in pairs)
    return ProblemSimilarity(
        problem=view.problem.slug,
        language=view.problem.kind.language,
        compared=len(view.entries),
        not_comparable=sorted(a for a, e in view.entries.items() if not view.corpus.comparable(e.stored)),
        pending=view.pending,
        truncated=view.truncated,
        median=round(scores[len(scores) // 2], 4) if scores else None,
        pairs=pairs[:limit],
        clusters=compare.clusters((p.a, p.b) for p in pairs if p.flagged),
        reference_matches=_reference_matches(view),
    )


def _assignment(session: Session, viewer: Viewer, slug: str, assignment_slug: str) -> tuple[Any, Assignment, list[str]]:
    course = find_course(session, viewer, slug, Action.READ_SIMILARITY, "read similarity reports")
    assignment = assignment_of(session, course, assignment_slug)
    problems = list(
        session.scalars(
            select(AssignmentProblem.problem)
            .where(AssignmentProblem.assignment_id == assignment.id)
            .order_by(AssignmentProblem.position)
        )
    )
    return course, assignment, problems


def report(
    session: Session,
    viewer: Viewer,
    services: Services,
    slug: str,
    assignment_slug: str,
    problem: str | None = None,
    limit: int = 50,
) -> SimilarityReport:
    """The assignment's (or assessment's) report: per problem, its pairs ranked, clusters and reference matches."""
    course, assignment, problems = _assignment(session, viewer, slug, assignment_slug)
    if problem is not None:
        if problem not in problems:
            raise NotFound(f"{slug}/{assignment_slug} has no problem {problem!r}")
        problems = [problem]
    if not 1 <= limit <= PAIRS_LIMIT:
        raise InvalidRequest(f"limit must be between 1 and {PAIRS_LIMIT}")
    return SimilarityReport(
        course=course.slug,
        assignment=assignment.slug,
        advisory=ADVISORY,
        threshold=FLAG_SCORE,
        problems=[_problem_report(_view(session, services, assignment, p), limit) for p in problems],
    )


def pair(
    session: Session, viewer: Viewer, services: Services, slug: str, assignment_slug: str, a: str, b: str
) -> SimilarityPairDetail:
    """Two submissions of the report side by side, each with the lines of the fragments the other shares."""
    course, assignment, problems = _assignment(session, viewer, slug, assignment_slug)
    if a == b:
        raise InvalidRequest("a pair is two different submissions")
    rows = {s.id: s for s in session.scalars(select(Submission).where(Submission.id.in_([a, b])))}
    first, second = rows.get(a), rows.get(b)
    if first is None or second is None or any(s.assignment_id != assignment.id for s in (first, second)):
        raise NotFound(f"both submissions must be in {slug}/{assignment_slug}")
    if first.problem != second.problem:
        raise InvalidRequest("the two submissions are to different problems")
    view = _view(session, services, assignment, first.problem)
    by_id = {e.submission.id: e for e in view.entries.values()}
    if a not in by_id or b not in by_id:
        raise NotFound("a pair is of two authors' latest judged submissions in the report")
    scored = {(p.a_submission, p.b_submission): p for p in _scored(view)}
    found = scored.get((a, b)) or scored.get((b, a))
    if found is None:
        raise InvalidRequest("one of the two is too small to compare once starter and common code are left out")
    left = make_fingerprint(services, view.problem, first.source, first.dialect)
    right = make_fingerprint(services, view.problem, second.source, second.dialect)
    shared = (set(left.hashes) & set(right.hashes)) - view.corpus.excluded
    return SimilarityPairDetail(
        course=course.slug,
        assignment=assignment.slug,
        problem=first.problem,
        advisory=ADVISORY,
        pair=found,
        left=_side(by_id[a].author, first, left, shared),
        right=_side(by_id[b].author, second, right, shared),
    )


def _side(author: str, submission: Submission, made: Fingerprint, shared: Iterable[int]) -> PairSide:
    lines: set[int] = set()
    for h in shared:
        first, last = made.hashes[h]
        lines.update(range(first, last + 1))
    return PairSide(
        author=author,
        submission=submission.id,
        language=submission.language,
        dialect=submission.dialect,
        source=submission.source,
        normalised=made.shown,
        lines=sorted(lines),
    )
