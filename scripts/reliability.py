"""Reliability report: every corpus case and hostile workbook through the real import path, the
kill -9 loop and 16 sessions on one store; prints one table and a summary line.

Usage: .venv/bin/python scripts/reliability.py [--quick] [--kills N] [--cases ID,ID,...]

Each corpus case is imported (sandbox on, as in production; mode "append") into its own copy of
a store holding the bundled sample, and classified: rejected (the import refused, or asked for
a decision), clean, accepted with warnings, or crash (any other exception, or a reader bug the
sandbox could only report as "could not be read (SomeError: ...)"). The outcome is compared with
the corpus table (tests/corpus/build.py): kind, every expected message, rows, clients, quarters,
totals. Rows lost: for an import, the rows expected minus the rows the store gained; for a
refusal or a crash, any change of the store's content. Exits 1 on any crash, lost row,
mismatch, mixed state after a kill or session error. ``--quick`` skips the million-row case and
kills 6 times instead of 24.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import os
import re
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kam_analytics import ingest, sample  # noqa: E402
from kam_analytics.analysis import (  # noqa: E402
    MatrixQuery,
    matrix_for,
)
from kam_analytics.i18n import render, t  # noqa: E402
from kam_analytics.store import (  # noqa: E402
    NeedsDecision,
    Store,
    open_store,  # noqa: E402
)
from kam_analytics.store.duckdb_engine import CannotOpen  # noqa: E402
from tests.corpus.build import CASES, HOSTILE, Case  # noqa: E402
from tests.crash_loop import KillReport, import_kill_loop  # noqa: E402
from tests.ingest.test_corpus import FIX, UNTOUCHED, matching  # noqa: E402
from tests.store import faults  # noqa: E402
from tests.store.test_concurrency import check_final_state, run_sessions  # noqa: E402

KILLS, QUICK_KILLS = 24, 6
WRITERS, READERS = 10, 6
SLOW_CASES = ("million_rows", "million_labels")  # left out by --quick

CLEAN, WARNINGS, REJECTED, CRASH = "clean", "warnings", "rejected", "crash"
_LABELS = {CLEAN: "clean", WARNINGS: "accepted with warnings", REJECTED: "rejected",
           CRASH: "CRASH"}


# ---- one case ------------------------------------------------------------------------------
@dataclass
class CaseResult:
    """How one file (or set of files) fared, against what the corpus table expects."""

    check: str
    expected: str          # CLEAN | WARNINGS | REJECTED
    outcome: str           # CLEAN | WARNINGS | REJECTED | CRASH
    seconds: float
    peak_mb: int           # this process's peak RSS while importing it
    rows_lost: int = 0
    mismatches: list[str] = field(default_factory=list)
    said: str = ""         # the first thing the user was told (problem, warning or exception)


def expected_kind(case: Case) -> str:
    """Return the outcome the corpus table expects of a case."""
    if case.imported is None:
        return REJECTED
    return WARNINGS if case.imported.warnings else CLEAN


_BUG_HEAD, _, _BUG_TAIL = t("sandbox.failed", error="\ue000").partition("\ue000")


def is_reader_bug(message: str) -> bool:
    """Return whether a problem is the sandbox reporting a reader's own exception (a crash the
    user saw as "could not be read (KeyError: ...)"), not a file the reader refused."""
    return message.startswith(_BUG_HEAD) and message.endswith(_BUG_TAIL)


def _status_mb(name: str) -> int:
    status = Path("/proc/self/status").read_text()
    return int(re.search(rf"{name}:\s+(\d+) kB", status).group(1)) // 1024


def restart_peak() -> None:
    """Restart this process's peak-RSS count from its current RSS (Linux)."""
    with contextlib.suppress(OSError):  # not allowed everywhere: then the peak only grows
        Path("/proc/self/clear_refs").write_text("5")


def peak_mb() -> int:
    """Return this process's peak RSS in MB since the last ``restart_peak``."""
    return _status_mb("VmHWM")


def _changed_rows(before: dict, after: dict) -> int:
    """Return how many interactions an upload that stored nothing changed: the difference in
    their count, and at least 1 if anything in the store differs."""
    if before == after:
        return 0
    return max(1, abs(after["interactions"][0] - before["interactions"][0]))


def _still_answers(store: Store) -> None:
    m = matrix_for(store, MatrixQuery())
    if not len(m) or m["total_cost"].isna().any():
        raise AssertionError("the matrix is empty or has missing costs after the upload")


def _rejection_mismatches(case: Case, lines: list[str], names: list[str]) -> list[str]:
    out = []
    missing = matching(case.rejected, lines)
    if missing:
        out.append(f"no message says {' / '.join(missing[0])!r}")
    if len(lines) != len(case.rejected):
        out.append(f"{len(lines)} problems reported, {len(case.rejected)} expected")
    if not all(any(name in line for name in names) for line in lines):
        out.append("a problem does not name its file")
    if not all(FIX in line or "Map it" in line or "Map them" in line for line in lines):
        out.append("a problem does not say how to fix it")
    return out


def _import_mismatches(case: Case, out, store: Store, before: dict, after: dict) -> list[str]:
    expected = case.imported
    found = []
    warnings = [w.text() for w in out.batch.warnings]
    missing = matching(expected.warnings, warnings)
    if missing:
        found.append(f"no warning says {' / '.join(missing[0])!r}")
    if len(warnings) != len(expected.warnings):
        found.append(f"{len(warnings)} warnings, {len(expected.warnings)} expected")
    if out.status != "imported":
        return [*found, f"the store answered {out.status!r}"]
    rows = store.interactions()
    rows = rows[rows["import_id"] == out.import_id]
    figures = {
        "rows": (len(rows), expected.rows),
        "clients": (rows["client"].nunique(), expected.clients),
        "quarters": (tuple(sorted(rows["quarter"].unique())), expected.quarters),
    }
    found += [f"{name} {got} instead of {want}" for name, (got, want) in figures.items()
              if got != want]
    for name, want in (("cost", expected.cost), ("hours", expected.hours)):
        got = float(rows[name].sum())
        if abs(got - want) > 1e-6 * max(1.0, abs(want)):
            found.append(f"{name} {got:,.2f} instead of {want:,.2f}")
    absent = set(expected.names) - set(rows["client"])
    if absent:
        found.append(f"names not stored as written: {sorted(absent)}")
    if after["imports"][0] != before["imports"][0] + 1:
        found.append("the import was not recorded once")
    if any(after[k] != before[k] for k in UNTOUCHED):
        found.append(f"the upload changed {', '.join(UNTOUCHED)}")
    return found


def case_result(case: Case, seeded_db: Path, work: Path) -> CaseResult:
    """Return how one corpus case fares through the real import path, against its table row."""
    files = case.build(work)
    path = work / "kam.duckdb"
    shutil.copy(seeded_db, path)
    store = open_store(path)
    try:
        before = store.content_digest()
        restart_peak()
        started = time.perf_counter()
        out = error = None
        try:
            out = ingest.run_import(store, files, mode="append")
        except (ingest.ImportRejected, NeedsDecision) as exc:
            error = exc
        except Exception as exc:  # noqa: BLE001 - every other failure is a crash to count
            error = exc
        seconds = time.perf_counter() - started
        result = CaseResult(case.id, expected_kind(case), CRASH, seconds,
                            peak_mb())
        after = store.content_digest()
        if isinstance(error, ingest.ImportRejected):
            lines = error.batch.problem_lines()
            result.said = lines[0] if lines else ""
            bugs = [p.text() for p in error.batch.errors if is_reader_bug(render(p.message))]
            result.outcome = CRASH if bugs else REJECTED
            result.said = bugs[0] if bugs else result.said
            result.rows_lost = _changed_rows(before, after)
            if result.expected == REJECTED and not bugs:
                result.mismatches += _rejection_mismatches(case, lines, [n for n, _ in files])
        elif isinstance(error, NeedsDecision):
            result.outcome, result.said = REJECTED, f"asked to decide: {error}"
            result.rows_lost = _changed_rows(before, after)
        elif error is not None:
            result.said = f"{type(error).__name__}: {error}"
            result.rows_lost = _changed_rows(before, after)
        else:
            result.outcome = WARNINGS if out.batch.warnings else CLEAN
            result.said = out.batch.warnings[0].text() if out.batch.warnings else ""
            gained = after["interactions"][0] - before["interactions"][0]
            if case.imported is None:
                result.rows_lost = 0  # nothing expected; what was stored is the mismatch
            else:
                result.rows_lost = max(0, case.imported.rows - gained)
                result.mismatches += _import_mismatches(case, out, store, before, after)
        if result.outcome != CRASH:
            if result.outcome != result.expected:
                result.mismatches.insert(0, f"expected {_LABELS[result.expected]}")
            try:
                _still_answers(store)
            except Exception as exc:  # noqa: BLE001 - the store no longer answering is a crash
                result.outcome, result.said = CRASH, f"after the upload: {exc!r}"
        return result
    finally:
        store.close()


def corpus_results(cases: Iterable[Case], seeded_db: Path, work: Path,
                   progress: Callable[[CaseResult], None] | None = None) -> list[CaseResult]:
    """Return every case's result, each run in a scratch folder of its own under ``work``."""
    results = []
    for case in cases:
        scratch = work / case.id.replace("/", "_")
        scratch.mkdir(parents=True)
        try:
            results.append(case_result(case, seeded_db, scratch))
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        if progress:
            progress(results[-1])
    return results


def hostile_cases() -> list[Case]:
    """Return the hostile workbooks as cases that must each end in one clean refusal."""
    return [Case(f"hostile/{name}", lambda tmp, make=make, name=name: [(name, make())],
                 rejected=((f"{name}: ", FIX),)) for name, make in HOSTILE.items()]


# ---- the store's own faults ------------------------------------------------------------------
def _fault(check: str, run: Callable[[], tuple[str, bool]]) -> CaseResult:
    """Return how a store fault fared: ``run`` returns what the user was told and whether the
    store was left unchanged; saying nothing or raising anything is a crash."""
    restart_peak()
    started = time.perf_counter()
    try:
        said, unchanged = run()
        outcome = REJECTED if said and "Traceback" not in said else CRASH
    except Exception as exc:  # noqa: BLE001 - every failure is a crash to count
        said, unchanged, outcome = f"{type(exc).__name__}: {exc}", False, CRASH
    return CaseResult(check, REJECTED, outcome, time.perf_counter() - started, peak_mb(),
                      rows_lost=0 if unchanged else 1, said=said)


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def store_faults(seeded_db: Path, work: Path) -> Iterator[CaseResult]:
    """Yield the store's faults, each made real: a flipped byte, a cut file, a full disk at
    the commit and at the backup, a read-only folder, a store another user owns."""
    def damaged(name: str, harm: Callable[[Path], None]) -> Callable[[], tuple[str, bool]]:
        def run() -> tuple[str, bool]:
            path = work / name / "kam.duckdb"
            path.parent.mkdir()
            shutil.copy(seeded_db, path)
            harm(path)
            before = _sha(path)
            try:
                open_store(path, read_only=True).close()
            except CannotOpen as exc:
                return str(exc), _sha(path) == before
            return "", False  # read as if it were sound
        return run

    yield _fault("fault/flipped byte", damaged("flipped", faults.flip_byte))
    yield _fault("fault/cut file", damaged("cut", faults.cut_in_half))
    disk: dict = {}

    def full(case: str) -> tuple[str, bool]:
        if not disk:
            disk.update(faults.full_disk_outcomes(work))
        return disk[case], disk[f"{case}_unchanged"] and disk[f"{case}_after"] == 2

    yield _fault("fault/full disk at the commit", lambda: full("commit"))
    yield _fault("fault/full disk at the backup", lambda: full("backup"))

    def other_user(folder_mode: int, args: Callable[[Path], list[str]]) -> tuple[str, bool]:
        folder = Path(tempfile.mkdtemp(prefix="kam-fault-"))  # a folder other users may enter
        try:
            folder.chmod(0o755)
            path = folder / "kam.duckdb"
            shutil.copy(seeded_db, path)
            extra = folder / "q.csv"
            extra.write_text("Date,Client,Method,Cost\n2026-07-01,Acme,Site visits,10\n")
            if os.geteuid() == 0 and folder_mode == 0o555:  # the CLI's user owns the store
                for p in (path, extra):
                    os.chown(p, 65534, 65534)
            path.chmod(0o644 if folder_mode == 0o555 else 0o600 if os.geteuid() == 0 else 0)
            before = _sha(path)
            folder.chmod(folder_mode)
            done = faults.as_other_user(*args(path))
            folder.chmod(0o755)
            return done.stderr.strip(), _sha(path) == before and done.returncode == 1
        finally:
            folder.chmod(0o755)
            shutil.rmtree(folder, ignore_errors=True)

    yield _fault("fault/read-only folder", lambda: other_user(0o555, lambda p: [
        "import", str(p.parent / "q.csv"), "--db", str(p), "--append"]))
    yield _fault("fault/store another user owns", lambda: other_user(0o755, lambda p: [
        "history", "--db", str(p)]))


# ---- many sessions ----------------------------------------------------------------------------
@dataclass
class SessionsResult:
    sessions: int
    seconds: float
    attempts: dict[str, int]
    reads: int
    errors: list[str]


def sessions_result(work: Path, writers: int = WRITERS, readers: int = READERS,
                    rounds: int = 3, seed: int = 7) -> SessionsResult:
    """Return what writer and reader threads sharing one store saw, and every error."""
    store = open_store(work / "sessions.duckdb")
    try:
        started = time.perf_counter()
        outcomes, errors, reads = run_sessions([store], writers, readers, rounds, seed)
        seconds = time.perf_counter() - started
        found = [f"{type(e).__name__}: {e}" for e in errors]
        try:
            check_final_state(store, outcomes)
        except AssertionError as exc:
            found.append(f"final state: {exc}")
    finally:
        store.close()
    attempts = {r: sum(1 for _, x in outcomes if x == r)
                for r in ("imported", "unchanged", "decide", "busy")}
    return SessionsResult(writers + readers, seconds, attempts, len(reads), found)


# ---- the report ------------------------------------------------------------------------------
@dataclass
class Report:
    cases: list[CaseResult]
    hostile: list[CaseResult]
    kills: KillReport | None
    kill_seconds: float
    kill_error: str
    sessions: SessionsResult | None
    stage_peaks_mb: dict[str, int]  # this process's peak RSS in the kill loop and sessions
    peak_children_mb: int
    faults: list[CaseResult] = field(default_factory=list)  # the store's own faults

    @property
    def checked(self) -> list[CaseResult]:
        """Return every file and fault checked: corpus, hostile files, store faults."""
        return [*self.cases, *self.hostile, *self.faults]

    @property
    def peak_self_mb(self) -> int:
        """Return this process's peak RSS while importing (building the files left out)."""
        return max([r.peak_mb for r in self.checked]
                   + list(self.stage_peaks_mb.values()), default=0)

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.cases if r.outcome == outcome)

    @property
    def crashes(self) -> int:
        return sum(1 for r in self.checked if r.outcome == CRASH)

    @property
    def rows_lost(self) -> int:
        return sum(r.rows_lost for r in self.checked)

    @property
    def mismatches(self) -> int:
        return sum(1 for r in self.checked if r.mismatches)

    @property
    def refused(self) -> int:
        return sum(1 for r in self.hostile
                   if r.outcome == REJECTED and not r.mismatches and not r.rows_lost)

    @property
    def failed(self) -> bool:
        return bool(self.crashes or self.rows_lost or self.mismatches
                    or self.refused != len(self.hostile) or self.kill_error
                    or (self.kills and (self.kills.mixed or self.kills.findings))
                    or (self.sessions and self.sessions.errors))

    def slowest(self) -> CaseResult | None:
        timed = self.checked
        return max(timed, key=lambda r: r.seconds) if timed else None

    def summary_line(self) -> str:
        parts = [f"reliability: {len(self.cases)} cases, {self.count(REJECTED)} rejected, "
                 f"{self.count(WARNINGS)} accepted with warnings, {self.count(CLEAN)} clean, "
                 f"{self.crashes} crashes, {self.rows_lost} rows lost, "
                 f"{self.mismatches} mismatches",
                 f"hostile {len(self.hostile)}: {self.refused} refused",
                 f"store faults {len(self.faults)}: "
                 f"{sum(1 for r in self.faults if r.outcome == REJECTED)} said clearly"]
        if self.kill_error:
            parts.append("kills: could not run")
        elif self.kills is not None:
            parts.append(f"kills {self.kills.kills}: {self.kills.mixed} mixed")
        if self.sessions is not None:
            parts.append(f"concurrency {self.sessions.sessions} sessions: "
                         f"{len(self.sessions.errors)} errors")
        parts.append(f"peak RSS {self.peak_self_mb:,} MB (largest child "
                     f"{self.peak_children_mb:,} MB)")
        slowest = self.slowest()
        if slowest:
            parts[-1] += f"; slowest {slowest.check} {slowest.seconds:.1f} s"
        return "; ".join(parts)


def _row(cells: Iterable[object]) -> str:
    return "| " + " | ".join(str(c).replace("|", "\\|").replace("\n", " ") for c in cells) + " |"


def _short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def report_table(report: Report) -> str:
    """Return the report as one Markdown table: a row per case, the kill loop and the
    sessions."""
    lines = [_row(("check", "expected", "outcome", "time (s)", "peak RSS (MB)", "rows lost",
                   "what the user was told / what went wrong")),
             _row(("---", "---", "---", "---:", "---:", "---:", "---"))]
    for r in report.checked:
        note = "; ".join(r.mismatches) if r.mismatches else r.said
        outcome = _LABELS[r.outcome] + (" (MISMATCH)" if r.mismatches else "")
        lines.append(_row((r.check, _LABELS[r.expected], outcome, f"{r.seconds:.2f}",
                           f"{r.peak_mb:,}", r.rows_lost, _short(note))))
    k = report.kills
    if report.kill_error:
        lines.append(_row(("kill -9 loop", "before or after", "COULD NOT RUN",
                           f"{report.kill_seconds:.1f}", "", "", _short(report.kill_error))))
    elif k is not None:
        moments = ", ".join(f"{n} {phase}" for phase, n in k.phases.items())
        lines.append(_row((
            f"kill -9 x {k.kills}", "before or after",
            f"{k.states['before']} before, {k.states['after']} after, {k.mixed} mixed",
            f"{report.kill_seconds:.1f}", f"{report.stage_peaks_mb.get('kills', 0):,}", "",
            _short("; ".join(k.findings) or f"{k.rows:,}-row import ({k.run_s:.2f} s, backup at "
                   f"{k.backup_at_s:.2f} s) killed: {moments}", 140))))
    s = report.sessions
    if s is not None:
        counts = ", ".join(f"{n} {what}" for what, n in s.attempts.items())
        lines.append(_row((
            f"{s.sessions} sessions", "no errors",
            f"{len(s.errors)} errors", f"{s.seconds:.1f}",
            f"{report.stage_peaks_mb.get('sessions', 0):,}", "",
            _short("; ".join(s.errors) or f"{WRITERS} writers: {counts}; {READERS} readers: "
                   f"{s.reads} consistent reads", 140))))
    return "\n".join(lines)




HUNG_S = 5.0  # a check taking longer is counted as hung


def family_of(check: str) -> str:
    """Return the family a check belongs to: the corpus, hostile workbooks or text files,
    the store's faults."""
    if check.startswith("fault/"):
        return "store faults"
    if check.startswith("hostile/"):
        return "hostile workbooks" if check.endswith(".xlsx") else "hostile text files"
    return "corpus"


def family_table(report: Report) -> str:
    """Return per family: cases, refused, flagged, crashed, hung (over 5 s), peak memory and
    stores left unchanged where nothing was to be stored."""
    lines = [_row(("family", "cases", "refused", "flagged", "crashed", f"hung (> {HUNG_S:.0f} s)",
                   "peak RSS (MB)", "store unchanged")),
             _row(("---", *["---:"] * 7))]
    families: dict[str, list[CaseResult]] = {}
    for r in report.checked:
        families.setdefault(family_of(r.check), []).append(r)
    for name, rs in families.items():
        kept = [r for r in rs if r.outcome in (REJECTED, CRASH)]
        lines.append(_row((
            name, len(rs), sum(r.outcome == REJECTED for r in rs),
            sum(r.outcome == WARNINGS for r in rs), sum(r.outcome == CRASH for r in rs),
            sum(r.seconds > HUNG_S for r in rs), f"{max(r.peak_mb for r in rs):,}",
            f"{sum(not r.rows_lost for r in kept)} of {len(kept)}")))
    return "\n".join(lines)


def _progress(result: CaseResult) -> None:
    flag = " MISMATCH: " + "; ".join(result.mismatches) if result.mismatches else ""
    print(f"  {result.check:40} {_LABELS[result.outcome]:24} {result.seconds:6.2f} s{flag}",
          file=sys.stderr, flush=True)


def run_report(cases: Iterable[Case], hostile: Iterable[Case], kills: int, work: Path,
               sessions: bool = True) -> Report:
    """Return the whole report: cases, hostile workbooks, kills and sessions, run in ``work``."""
    seeded_db = sample.seeded_store(work / "seed" / "kam.duckdb")
    print("corpus:", file=sys.stderr)
    results = corpus_results(cases, seeded_db, work / "cases", _progress)
    print("hostile files:", file=sys.stderr)
    refused = corpus_results(hostile, seeded_db, work / "hostile", _progress)
    print("store faults:", file=sys.stderr)
    (work / "faults").mkdir()
    fault_results = [*store_faults(seeded_db, work / "faults")]
    for r in fault_results:
        _progress(r)
    kill_report, kill_error, kill_seconds = None, "", 0.0
    peaks: dict[str, int] = {}
    if kills:
        print(f"kill -9 loop ({kills} kills)…", file=sys.stderr, flush=True)
        restart_peak()
        started = time.perf_counter()
        (work / "kills").mkdir()
        try:
            kill_report = import_kill_loop(seeded_db, work / "kills", kills)
        except RuntimeError as exc:
            kill_error = str(exc)
        kill_seconds = time.perf_counter() - started
        peaks["kills"] = peak_mb()
    sessions_out = None
    if sessions:
        print(f"{WRITERS + READERS} sessions on one store…", file=sys.stderr, flush=True)
        restart_peak()
        (work / "sessions").mkdir()
        sessions_out = sessions_result(work / "sessions")
        peaks["sessions"] = peak_mb()
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    return Report(results, refused, kill_report, kill_seconds, kill_error, sessions_out, peaks,
                  children, fault_results)


def main(argv: list[str] | None = None) -> int:
    """Run the report, print it; return 1 if anything crashed, lost rows or mismatched."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true",
                    help=f"skip {', '.join(SLOW_CASES)} and kill {QUICK_KILLS} times")
    ap.add_argument("--kills", type=int, help=f"imports to kill (default {KILLS}; 0: none)")
    ap.add_argument("--cases", help="comma-separated case ids to run (default: all)")
    args = ap.parse_args(argv)
    cases = list(CASES)
    if args.cases:
        wanted = [c.strip() for c in args.cases.split(",") if c.strip()]
        unknown = sorted(set(wanted) - {c.id for c in cases})
        if unknown:
            ap.error(f"no such case: {', '.join(unknown)}")
        cases = [c for c in cases if c.id in wanted]
    if args.quick:
        cases = [c for c in cases if c.id not in SLOW_CASES]
    kills = args.kills if args.kills is not None else QUICK_KILLS if args.quick else KILLS
    with tempfile.TemporaryDirectory(prefix="kam_reliability_") as tmp:
        report = run_report(cases, hostile_cases(), kills, Path(tmp))
    print(report_table(report))
    print()
    print(family_table(report))
    print()
    print(report.summary_line())
    return 1 if report.failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
