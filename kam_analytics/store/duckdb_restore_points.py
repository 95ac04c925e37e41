"""Restore points of a DuckDB store: per-import undo, whose cost follows the import, not the
store.

An import never deletes rows: a Replace only marks the quarters of earlier imports inactive.
So what an import changes is a few rows of ``import_quarters`` (which import is in force for
which quarter), and each change of them (an import, making a replaced import active again,
a restore) first records those rows as they were: a restore point. Restoring point P puts back,
in one transaction, every row changed since P as it was before P (the oldest record of it
from P on), after recording them as they are now, so a restore is undone the same way. Rows of
interactions, clients and valuations are never copied: an import of 1M rows costs a restore
point of a row per quarter it touches. Settings, mappings, entered valuations and the audit
log are not part of an import: a restore leaves them as they are.

The newest ``keep`` points are kept; with ``keep`` 0 none is taken.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb
import pandas as pd

from kam_analytics.i18n import formats, t

KINDS = ("import", "restore_import", "restore_point")  # what the change after a point was


def take(cur: duckdb.DuckDBPyConnection, kind: str, ref: int, touched: list[tuple[int, str]],
         keep: int, now: Callable[[], object]) -> int | None:
    """Record the rows ``touched`` (import, quarter) of ``import_quarters`` as they are, before
    the change ``kind`` of ``ref`` makes them otherwise; return the new point's number (None
    when ``keep`` is 0). A row not there yet is recorded as not in force."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    if keep <= 0:
        cur.execute("DELETE FROM restore_point_quarters")
        cur.execute("DELETE FROM restore_points")
        return None
    point_id = cur.execute(
        "SELECT coalesce(max(point_id), 0) + 1 FROM restore_points").fetchall()[0][0]
    cur.execute("""INSERT INTO restore_points
                   SELECT ?, ?, ?, ?,
                          (SELECT count(DISTINCT import_id) FROM import_quarters WHERE active),
                          (SELECT coalesce(max(import_id), 0) FROM imports)""",
                [point_id, now(), kind, ref])
    if touched:
        frame = pd.DataFrame(touched, columns=["import_id", "quarter"]).drop_duplicates()
        cur.register("_touched", frame)
        try:
            cur.execute("""INSERT INTO restore_point_quarters
                           SELECT ?, t.import_id, t.quarter, coalesce(q.active, false),
                                  q.replaced_by
                           FROM _touched t LEFT JOIN import_quarters q
                             ON q.import_id = t.import_id AND q.quarter = t.quarter""",
                        [point_id])
        finally:
            cur.unregister("_touched")
    cur.execute("DELETE FROM restore_point_quarters WHERE point_id <= ?", [point_id - keep])
    cur.execute("DELETE FROM restore_points WHERE point_id <= ?", [point_id - keep])
    return int(point_id)


def restore(cur: duckdb.DuckDBPyConnection, point_id: int, keep: int,
            now: Callable[[], object]) -> int | None:
    """Put every row of ``import_quarters`` changed since point ``point_id`` back as it was
    before it; return the point recording the state it replaced (KeyError for an unknown
    point)."""
    if not cur.execute("SELECT count(*) FROM restore_points WHERE point_id = ?",
                       [point_id]).fetchall()[0][0]:
        raise KeyError(point_id)
    before = cur.execute("""SELECT DISTINCT ON (import_id, quarter) import_id, quarter, active,
                                   replaced_by
                            FROM restore_point_quarters WHERE point_id >= ?
                            ORDER BY import_id, quarter, point_id""", [point_id]).fetchall()
    previous = take(cur, "restore_point", point_id, [(r[0], r[1]) for r in before], keep, now)
    for import_id, quarter, active, replaced_by in before:
        cur.execute("""UPDATE import_quarters SET active = ?, replaced_by = ?
                       WHERE import_id = ? AND quarter = ?""",
                    [active, replaced_by, import_id, quarter])
    return previous


def listed(cur: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Return the restore points, newest first: point_id, taken_at, kind, ref, imports,
    last_import and interactions (active interactions as of the point, worked out from the
    rows in force then and each import's counts per quarter)."""
    points = cur.execute("SELECT point_id, taken_at, kind, ref, imports, last_import "
                         "FROM restore_points ORDER BY point_id DESC").df()
    if points.empty:
        return points.assign(interactions=pd.Series(dtype="int64"))
    state = cur.execute("SELECT import_id, quarter, active FROM import_quarters").df()
    counts = cur.execute("""SELECT import_id, quarter, sum(interactions)::BIGINT AS n
                            FROM cell_totals GROUP BY ALL""").df()
    changed = cur.execute("SELECT point_id, import_id, quarter, active "
                          "FROM restore_point_quarters ORDER BY point_id DESC").df()
    active = {(r.import_id, r.quarter): bool(r.active) for r in state.itertuples()}
    n = {(r.import_id, r.quarter): int(r.n) for r in counts.itertuples()}
    interactions = []
    for point in points["point_id"]:  # newest first: undo each point's changes in turn
        for r in changed[changed["point_id"] == point].itertuples():
            active[(r.import_id, r.quarter)] = bool(r.active)
        interactions.append(sum(n.get(k, 0) for k, on in active.items() if on))
    return points.assign(interactions=interactions)


def points_table(points: pd.DataFrame) -> pd.DataFrame:
    """Return restore points (``listed``) as a table for people: number, when, what came
    after it, imports in force, newest import, active interactions."""
    return pd.DataFrame({
        t("restore_point.col_id"): points["point_id"].astype(int).tolist(),
        t("restore_point.col_taken"): [formats.moment(v, seconds=True)
                                       for v in points["taken_at"]],
        t("restore_point.col_before"): [t(f"restore_point.before_{k}", id=int(r))
                                        for k, r in zip(points["kind"], points["ref"],
                                                        strict=True)],
        t("backup.col_imports"): points["imports"].astype(int).tolist(),
        t("backup.col_last_import"): [f"#{int(v)}" if v else "—" for v in points["last_import"]],
        t("backup.col_interactions"): [formats.number(int(v))
                                        for v in points["interactions"]]},
        dtype=object)
