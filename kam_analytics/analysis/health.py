"""Relationship health: the framework's do's and don'ts (Table 6.4) measured from the interaction
log, as pure functions. Frames in, frames out, inputs never mutated.

``events`` are interaction rows with health columns (``Store.health_events``: quarter, client,
date, event_type, promised_date, delivered_date, kept, received_at, responded_at, resolved_at,
in_writing, contact_role, source_file, source_sheet, source_row): those of the event types read
one by one (ROW_TYPES) and those with a promise, a time or a written confirmation at least;
``counts`` are every interaction counted per quarter x client x event type x contact role
(``Store.event_counts``): contacts and roles are read from them.

Times are local times as written: nothing is converted between time zones, and a date without
a time counts from midnight (so spans between dates alone are whole days). A quarter is judged
as at its end, or at ``as_of`` while it is still running: an item still unanswered or unresolved
then counts at the age it had reached (a lower bound), and an open problem is one received by
then and not resolved by then.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from kam_analytics import settings, taxonomy
from kam_analytics.store import EVERYONE, Scope
from kam_analytics.store import HEALTH_COLUMNS as HEALTH_COLUMNS_STORED

if TYPE_CHECKING:
    from kam_analytics.store import Store

# The rules of Table 6.4 the measures measure (their text: the "health.rule." strings).
RULES = ("do_1", "do_2", "do_3", "do_4", "do_5", "dont_1")
# A measure's status: judged against its thresholds, nothing to judge in that quarter (no
# promises made, say), or not measured because the data lacks a column it needs.
STATUSES = ("red", "amber", "green", "none", "not_measured")
_RANK = {"red": 3, "amber": 2, "green": 1}
CONTACT_TYPES = ("meeting", "call", "visit")
ANSWERED_TYPES = ("request", "complaint")
PROBLEM_TYPES = ("problem", "complaint")
# The event types whose rows the measures read one by one (contacts and roles are counted).
ROW_TYPES = ("request", "complaint", "problem", "promise", "agreement")
_DAY = pd.Timedelta(days=1)


@dataclass(frozen=True)
class Measure:
    """One health measure: the rule it measures, the columns that enable it (any one of the
    alternatives, each all of its columns), its unit and which way is better."""

    id: str
    rule: str
    needs: tuple[tuple[str, ...], ...]
    unit: str  # "percent", "hours", "days", "count", "per_month", "roles"
    better: str  # "higher", "lower" or "band"
    # No items: "none" (nothing to judge, e.g. no promises made) or a value of 0 judged as any.
    empty_is_zero: bool = False
    # Counts items still open at the quarter's end whatever quarter they came from: measured
    # once any quarter up to it gives the columns.
    carried: bool = False

    def __post_init__(self) -> None:
        if self.rule not in RULES:
            raise ValueError(f"measure {self.id}: unknown rule {self.rule!r}")


MEASURES: tuple[Measure, ...] = (
    Measure("promises_kept", "do_2", (("kept",), ("promised_date", "delivered_date")),
            "percent", "higher"),
    Measure("response_median", "do_3", (("event_type", "responded_at"),), "hours", "lower"),
    Measure("response_p90", "do_3", (("event_type", "responded_at"),), "hours", "lower"),
    Measure("resolution_median", "do_3", (("event_type", "resolved_at"),), "days", "lower"),
    Measure("open_problems", "dont_1", (("event_type", "resolved_at"),), "days", "lower",
            empty_is_zero=True, carried=True),
    Measure("late_deliveries", "do_5", (("promised_date", "delivered_date"),), "count", "lower",
            empty_is_zero=True, carried=True),
    Measure("in_writing", "do_4", (("event_type", "in_writing"),), "percent", "higher"),
    Measure("contact_frequency", "do_1", ((),), "per_month", "band", empty_is_zero=True),
    Measure("dmu_roles", "do_1", (("contact_role",),), "roles", "higher", empty_is_zero=True),
)
MEASURE_BY_ID: dict[str, Measure] = {m.id: m for m in MEASURES}
MEASURE_IDS: tuple[str, ...] = tuple(MEASURE_BY_ID)
HEALTH_COLUMNS = ["client", "quarter", "measure", "rule", "value", "n", "excluded", "status",
                  "low", "high"]


# ---- quarters ------------------------------------------------------------------------------
def quarter_ends(quarters: list[str], as_of: pd.Timestamp | None = None) -> pd.Series:
    """Return the instant each quarter is judged at, by quarter: its end (the next quarter's
    first instant), or ``as_of`` when that comes first."""
    periods = pd.PeriodIndex(quarters, freq="Q")
    ends = pd.Series((periods + 1).start_time, index=pd.Index(quarters, name="quarter"))
    return ends if as_of is None else ends.clip(upper=pd.Timestamp(as_of))


def _months_judged(quarters: list[str], as_of: pd.Timestamp | None) -> np.ndarray:
    """Return how many months of each quarter had passed when it is judged (3 for a finished
    quarter)."""
    periods = pd.PeriodIndex(quarters, freq="Q")
    start = periods.start_time
    end = (periods + 1).start_time
    judged = end if as_of is None else end.where(end <= as_of, pd.Timestamp(as_of))
    share = np.clip((judged - start) / (end - start), 0.0, 1.0)
    return 3.0 * np.asarray(share, dtype=float)


# ---- the log as arrays ---------------------------------------------------------------------
# The measures work on NumPy arrays of codes and times: on a million interactions, pandas'
# grouping and filtering of text columns took a second; codes and bincounts take a fraction.
EVENT_TYPES: tuple[str, ...] = tuple(taxonomy.EVENT_TYPES)
_EVENT = {e: i for i, e in enumerate(EVENT_TYPES)}
HEALTH_FIELDS = HEALTH_COLUMNS_STORED  # the order of the columns of _Log.given


def _codes(values: pd.Series, categories: list) -> np.ndarray:
    """Return each value's position in ``categories`` (-1 for missing or another value)."""
    return pd.Categorical(values, categories=categories).codes.astype(np.int64)


def _times(values: pd.Series) -> np.ndarray:
    return values.to_numpy(dtype="datetime64[ns]", na_value=np.datetime64("NaT"))


def _flags(values: pd.Series) -> np.ndarray:
    """Return yes/no as 1.0/0.0, NaN where not given."""
    return values.astype("Float64").to_numpy(dtype=float, na_value=np.nan)


@dataclass(frozen=True)
class _Log:
    """The events as arrays, each row's client and quarter as codes into ``clients`` and
    ``quarters`` (its pair: client x len(quarters) + quarter)."""

    clients: list[str]
    quarters: list[str]
    client: np.ndarray
    quarter: np.ndarray
    event: np.ndarray  # code into EVENT_TYPES, -1 where none
    started: np.ndarray  # received_at, else the date (midnight)
    promised: np.ndarray
    delivered: np.ndarray
    responded: np.ndarray
    resolved: np.ndarray
    kept: np.ndarray  # 1.0 / 0.0 / NaN
    in_writing: np.ndarray
    given: np.ndarray  # quarters x HEALTH_FIELDS: does any row of the quarter fill it
    pair: np.ndarray  # client x len(quarters) + quarter

    @property
    def size(self) -> int:
        return len(self.clients) * len(self.quarters)

    def of(self, *types: str) -> np.ndarray:
        """Return where rows are events of ``types`` (looked up by code: no search)."""
        wanted = np.zeros(len(EVENT_TYPES) + 1, bool)  # the last slot: no event type (-1)
        wanted[[_EVENT[e] for e in types]] = True
        return wanted[self.event]

    def promises(self) -> np.ndarray:
        """Return where rows are promises: typed so, or untyped with a kept or promised date."""
        given = ~np.isnan(self.kept) | ~np.isnat(self.promised)
        return (self.event == _EVENT["promise"]) | ((self.event < 0) & given)

    def giving(self, *fields: str) -> np.ndarray:
        """Return where a row's quarter fills any of ``fields``."""
        columns = [HEALTH_FIELDS.index(f) for f in fields]
        return self.given[:, columns].any(axis=1)[self.quarter]


def _given(frames: list[pd.DataFrame], quarters: list[str]) -> np.ndarray:
    """Return quarters x HEALTH_FIELDS: whether any row of the frames (those columns of
    HEALTH_FIELDS they have) fills the column in that quarter."""
    given = np.zeros((len(quarters), len(HEALTH_FIELDS)), bool)
    for frame in frames:
        quarter = _codes(frame["quarter"], quarters)
        for j, field in enumerate(HEALTH_FIELDS):
            if field in frame:
                filled = frame[field].notna().to_numpy()
                given[:, j] |= np.bincount(quarter[filled], minlength=len(quarters)) > 0
    return given


def _log(events: pd.DataFrame, clients: list[str], quarters: list[str],
         counts: pd.DataFrame | None = None) -> _Log:
    """Return the events as arrays, coded by ``clients`` and ``quarters``; which columns each
    quarter gives is read from the events and from ``counts`` (event types and roles of
    every interaction)."""
    quarter = _codes(events["quarter"], quarters)
    given = _given([events] if counts is None else [events, counts], quarters)
    received = _times(events["received_at"])
    client = _codes(events["client"], clients)
    return _Log(
        clients, quarters, client, quarter,
        _codes(events["event_type"], list(EVENT_TYPES)),
        np.where(np.isnat(received), _times(events["date"]), received),
        _times(events["promised_date"]), _times(events["delivered_date"]),
        _times(events["responded_at"]), _times(events["resolved_at"]),
        _flags(events["kept"]), _flags(events["in_writing"]), given,
        client * len(quarters) + quarter)


def _open_masks(log: _Log, at: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return where rows are problems or complaints open at ``at`` (per row: received before
    it, not resolved by it) and promises late at it (due before it, not delivered by it nor
    said kept); only rows whose quarter records resolutions (or deliveries), since elsewhere
    an item without one is not known to be open."""
    problem = (log.of(*PROBLEM_TYPES) & log.giving("resolved_at") & (log.started < at)
               & (np.isnat(log.resolved) | (log.resolved >= at)))
    late = (log.promises() & log.giving("delivered_date", "kept") & (log.promised < at)
            & (np.isnat(log.delivered) | (log.delivered >= at)) & (log.started < at)
            & (log.kept != 1.0))
    return problem, late


def _quantiles(keys: np.ndarray, values: np.ndarray, size: int, qs: tuple[float, ...]
               ) -> tuple[list[np.ndarray], np.ndarray]:
    """Return per key (0..size-1) each ``qs`` quantile of its values (linear, as pandas and
    NumPy take it: the median at 0.5), from one sort, and how many values it has; NaN where
    none."""
    order = np.lexsort((values, keys))
    keys, values = keys[order], values[order]
    n = np.bincount(keys, minlength=size)
    if not len(values):
        return [np.full(size, np.nan) for _ in qs], n
    first = np.concatenate([[0], np.cumsum(n)[:-1]])
    has = n > 0
    out = []
    for q in qs:
        pos = q * np.maximum(n - 1, 0)
        low = np.floor(pos).astype(np.int64)
        high = np.minimum(low + 1, np.maximum(n - 1, 0))
        at_low = np.where(has, first + low, 0)
        at_high = np.where(has, first + high, 0)
        value = values[at_low] + (pos - low) * (values[at_high] - values[at_low])
        out.append(np.where(has, value, np.nan))
    return out, n


def _share(keys: np.ndarray, yes: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Return per key the % of its rows where ``yes`` is 1 and how many rows it has."""
    n = np.bincount(keys, minlength=size)
    kept = np.bincount(keys, weights=yes, minlength=size)
    return 100.0 * np.divide(kept, n, out=np.full(size, np.nan), where=n > 0), n


def _spans(log: _Log, rows: np.ndarray, end: np.ndarray, ends: np.ndarray, unit: str
           ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the rows' pairs, their spans from start to ``end`` (or, where that is empty, to
    their quarter's judging instant) in ``unit`` ('h' or 'D'), and where a span ends before
    it starts (inconsistent: left out and counted)."""
    stop = np.where(np.isnat(end[rows]), ends[log.quarter[rows]], end[rows])
    span = (stop - log.started[rows]) / np.timedelta64(1, unit)
    return log.pair[rows], span, span < 0


# ---- the measures ---------------------------------------------------------------------------
def _found(log: _Log, counts: pd.DataFrame, ends: np.ndarray, as_of: pd.Timestamp | None
           ) -> tuple[dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]], np.ndarray]:
    """Return each measure's (value, n, excluded) per pair, and the pairs that have an item
    open at their quarter's end."""
    size = log.size
    zero = np.zeros(size)
    found: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}

    # Promises kept: a kept yes/no decides; else delivered on or before the promised date is
    # kept, after it broken; undelivered and due before the quarter's end broken; else not yet.
    promise = log.promises()
    by_dates = np.where(~np.isnat(log.delivered), (log.delivered <= log.promised) * 1.0,
                        np.where(log.promised < ends[log.quarter], 0.0, np.nan))
    outcome = np.where(np.isnan(log.kept), by_dates, log.kept)
    decided = promise & ~np.isnan(outcome)
    value, n = _share(log.pair[decided], outcome[decided], size)
    found["promises_kept"] = (value, n, zero)

    # Hours to the first answer; days to resolve (unanswered, unresolved: their age so far).
    for measures, types, end, unit, qs in (
            (("response_median", "response_p90"), ANSWERED_TYPES, log.responded, "h",
             (0.5, 0.9)),
            (("resolution_median",), PROBLEM_TYPES, log.resolved, "D", (0.5,))):
        pairs, span, wrong = _spans(log, np.flatnonzero(log.of(*types)), end, ends, unit)
        values, n = _quantiles(pairs[~wrong], span[~wrong], size, qs)
        excluded = np.bincount(pairs[wrong], minlength=size) * 1.0
        for measure, value in zip(measures, values, strict=True):
            found[measure] = (value, n, excluded)

    # Open problems (their oldest's days) and late deliveries at each quarter's end, carried
    # over from earlier quarters while they stay open.
    oldest, n_open, n_late = np.zeros(size), np.zeros(size), np.zeros(size)
    nq = len(log.quarters)
    for q, at in enumerate(ends):
        problem, late = _open_masks(log, at)
        pairs = log.client * nq + q
        age = (at - log.started[problem]) / np.timedelta64(1, "D")
        np.maximum.at(oldest, pairs[problem], age)
        n_open += np.bincount(pairs[problem], minlength=size)
        n_late += np.bincount(pairs[late], minlength=size)
    found["open_problems"] = (oldest, n_open, zero)
    found["late_deliveries"] = (n_late, n_late, zero)

    # Agreements confirmed in writing, of those recorded yes or no.
    agreed = log.of("agreement") & ~np.isnan(log.in_writing)
    value, n = _share(log.pair[agreed], log.in_writing[agreed], size)
    found["in_writing"] = (value, n, zero)

    found["contact_frequency"] = _contacts(log, counts, as_of)

    found["dmu_roles"] = _roles(log, counts)
    return found, (n_open + n_late) > 0


def _pairs(log: _Log, counts: pd.DataFrame) -> np.ndarray:
    """Return each row of ``counts`` as its client x quarter pair."""
    return (_codes(counts["client"], log.clients) * len(log.quarters)
            + _codes(counts["quarter"], log.quarters))


def _roles(log: _Log, counts: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return per pair how many roles of the decision-making unit were in contact, and the
    interactions naming a role."""
    roles = sorted(set(counts["contact_role"].dropna().unique()))
    role = _codes(counts["contact_role"], roles)
    pairs, named = _pairs(log, counts), role >= 0
    distinct = np.unique(pairs[named] * (len(roles) + 1) + role[named])
    n = np.bincount(pairs[named], weights=counts["interactions"].to_numpy(float)[named],
                    minlength=log.size)
    return (np.bincount(distinct // (len(roles) + 1), minlength=log.size) * 1.0, n,
            np.zeros(log.size))


def _contacts(log: _Log, counts: pd.DataFrame, as_of: pd.Timestamp | None
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return per pair the contacts a month (meetings, calls and visits; every interaction
    where the client's quarter names no event type) and how many."""
    size = log.size
    pairs = _pairs(log, counts)
    n = counts["interactions"].to_numpy(dtype=float)
    event = _codes(counts["event_type"], list(EVENT_TYPES))
    every = np.bincount(pairs, weights=n, minlength=size)
    typed = np.bincount(pairs, weights=n * (event >= 0), minlength=size)
    contact = np.bincount(pairs, weights=n * np.isin(event, [_EVENT[e] for e in CONTACT_TYPES]),
                          minlength=size)
    contacts = np.where(typed > 0, contact, every)
    months = np.tile(_months_judged(log.quarters, as_of), len(log.clients))
    value = np.divide(contacts, months, out=np.zeros(size), where=months > 0)
    return value, contacts, np.zeros(size)


# ---- statuses ------------------------------------------------------------------------------
def statuses(measure: Measure, value: np.ndarray, n: np.ndarray,
             thresholds: Mapping[str, tuple[float, float]] = settings.HEALTH_THRESHOLDS,
             band: tuple[float, float] = settings.CONTACT_BAND) -> np.ndarray:
    """Return red, amber or green for each value of a measure ('none' where no items were
    counted and none means nothing to judge)."""
    if measure.better == "band":
        low, high = band
        factor = settings.CONTACT_BAND_RED_FACTOR
        out = np.where((value < low / factor) | (value > high * factor), "red",
                       np.where((value < low) | (value > high), "amber", "green"))
    else:
        green, amber = thresholds[measure.id]
        if measure.better == "higher":
            out = np.where(value >= green, "green", np.where(value >= amber, "amber", "red"))
        else:
            out = np.where(value <= green, "green", np.where(value <= amber, "amber", "red"))
    out = out.astype(object)
    if not measure.empty_is_zero:
        out[n == 0] = "none"
    return out


def limits(measure: Measure,
           thresholds: Mapping[str, tuple[float, float]] = settings.HEALTH_THRESHOLDS,
           band: tuple[float, float] = settings.CONTACT_BAND) -> tuple[float, float]:
    """Return the two figures a measure's status was judged by, the lower first: the band's
    bounds; where more is better, amber from the first and green from the second; where less
    is better, green up to the first and amber up to the second."""
    if measure.better == "band":
        return band
    green, amber = thresholds[measure.id]
    return (amber, green) if measure.better == "higher" else (green, amber)


def measured_in(measure: Measure, given: np.ndarray) -> np.ndarray:
    """Return, by quarter (rows of ``given``: quarters x HEALTH_FIELDS), whether the data
    gives every column of one of the measure's alternatives."""
    ok = np.zeros(len(given), bool)
    for alternative in measure.needs:
        columns = [HEALTH_FIELDS.index(c) for c in alternative]
        ok |= given[:, columns].all(axis=1) if columns else True
    return ok


def health_measures(events: pd.DataFrame, counts: pd.DataFrame,
                    as_of: pd.Timestamp | None = None,
                    thresholds: Mapping[str, tuple[float, float]] = settings.HEALTH_THRESHOLDS,
                    band: tuple[float, float] = settings.CONTACT_BAND) -> pd.DataFrame:
    """Return one row per client x quarter x measure (every client with interactions in the
    quarter or an item still open at its end, every measure in MEASURES order, clients by
    name): client, quarter, measure, rule, value, n (the items counted), excluded (left out:
    answered or resolved before received), status, low and high (the figures the status was
    judged by: ``limits``)."""
    return _assessed(events, counts, as_of, thresholds, band)[0]


def _assessed(events: pd.DataFrame, counts: pd.DataFrame, as_of: pd.Timestamp | None,
              thresholds: Mapping[str, tuple[float, float]] = settings.HEALTH_THRESHOLDS,
              band: tuple[float, float] = settings.CONTACT_BAND
              ) -> tuple[pd.DataFrame, _Log | None]:
    """Return ``health_measures`` and the log it read (None when there is nothing)."""
    quarters = sorted({*counts["quarter"].dropna().unique(), *events["quarter"].dropna().unique()})
    clients = sorted({*counts["client"].dropna().unique(), *events["client"].dropna().unique()})
    if not quarters:
        return pd.DataFrame({c: pd.Series(dtype=float if c in ("value", "n", "excluded")
                                          else object) for c in HEALTH_COLUMNS}), None
    log = _log(events, clients, quarters, counts)
    ends = quarter_ends(quarters, as_of).to_numpy(dtype="datetime64[ns]")
    found, carried = _found(log, counts, ends, as_of)
    nq = len(quarters)
    active = np.bincount(_pairs(log, counts), minlength=log.size) > 0
    pairs = np.flatnonzero(active | carried)  # by client name, then quarter
    quarter_of = pairs % nq
    parts = []
    for measure in MEASURES:
        value, n, excluded = (a[pairs] for a in found[measure.id])
        if measure.empty_is_zero:
            value = np.nan_to_num(value, nan=0.0)
        status = statuses(measure, value, n, thresholds, band)
        given = np.maximum.accumulate(log.given, axis=0) if measure.carried else log.given
        measured = measured_in(measure, given)[quarter_of]
        status[~measured] = "not_measured"
        low, high = limits(measure, thresholds, band)
        parts.append(pd.DataFrame({
            "client": np.asarray(clients, dtype=object)[pairs // nq],
            "quarter": np.asarray(quarters, dtype=object)[quarter_of],
            "measure": measure.id, "rule": measure.rule,
            "value": np.where(measured & (status != "none"), value, np.nan),
            "n": np.where(measured, n, 0.0).astype(float), "excluded": excluded * 1.0,
            "status": status, "low": low, "high": high}))
    # the parts in MEASURES order, each by client and quarter: a stable sort keeps it
    return pd.concat(parts, ignore_index=True).sort_values(
        ["client", "quarter"], kind="stable", ignore_index=True), log


def open_items(events: pd.DataFrame, at: pd.Timestamp) -> pd.DataFrame:
    """Return the problems and complaints received before ``at`` and not resolved by then, and
    the late deliveries (promises due before ``at``, not delivered by then nor said kept):
    client, kind ('problem', 'complaint' or 'late_delivery'), since, age_days, quarter,
    source_file, source_sheet, source_row; the oldest first."""
    quarters = sorted(events["quarter"].dropna().unique())
    return _open_items(events, _log(events, sorted(events["client"].dropna().unique()),
                                    quarters), pd.Timestamp(at))


def _open_items(events: pd.DataFrame, log: _Log, at: pd.Timestamp) -> pd.DataFrame:
    problem, late = _open_masks(log, np.datetime64(at.to_datetime64(), "ns"))
    columns = ["client", "quarter", "source_file", "source_sheet", "source_row"]
    parts = [events.loc[problem, columns].assign(
                 kind=np.asarray(EVENT_TYPES, dtype=object)[log.event[problem]],
                 since=log.started[problem]),
             events.loc[late, columns].assign(kind="late_delivery", since=log.promised[late])]
    out = pd.concat(parts, ignore_index=True)
    out = out.astype({c: object for c in ("client", "quarter", "source_file", "source_sheet")})
    out["kind"] = out["kind"].astype(object)
    out["since"] = pd.to_datetime(out["since"])
    out["age_days"] = ((at - out["since"]) / _DAY).astype(float)
    return out[["client", "kind", "since", "age_days", "quarter", "source_file",
                "source_sheet", "source_row"]].sort_values(
        ["age_days", "client"], ascending=[False, True], ignore_index=True)


def overall_health(measures: pd.DataFrame) -> pd.DataFrame:
    """Return per client x quarter the worst status of its measures (a red is never hidden by
    greens; 'not_measured' where none was judged) and how many were red and amber."""
    rank = measures["status"].map(_RANK).fillna(0).to_numpy()
    frame = pd.DataFrame({"client": measures["client"].to_numpy(),
                          "quarter": measures["quarter"].to_numpy(), "rank": rank,
                          "red": rank == 3, "amber": rank == 2})
    out = frame.groupby(["client", "quarter"], sort=True).agg(
        rank=("rank", "max"), red=("red", "sum"), amber=("amber", "sum")).reset_index()
    worst = {v: k for k, v in _RANK.items()}
    out["status"] = out["rank"].map(worst).fillna("not_measured")
    return out[["client", "quarter", "status", "red", "amber"]]


def clients_by_health(overall: pd.DataFrame) -> list[str]:
    """Return the clients of ``overall_health`` (one quarter's) worst first: by overall status,
    then reds, then ambers, then name."""
    rank = overall["status"].map(_RANK).fillna(0)
    ordered = overall.assign(_rank=rank).sort_values(
        ["_rank", "red", "amber", "client"], ascending=[False, False, False, True])
    return ordered["client"].tolist()


def measures_anything(measures: pd.DataFrame) -> bool:
    """Return whether the data behind ``measures`` gives any health column: some measure that
    needs one is measured (the contacts are counted from every interaction)."""
    needing = measures["measure"] != "contact_frequency"
    return bool((measures.loc[needing, "status"] != "not_measured").any())


def status_counts(overall: pd.DataFrame) -> dict[str, int]:
    """Return how many clients of ``overall_health`` have each overall status."""
    counts = overall["status"].value_counts()
    return {s: int(counts.get(s, 0)) for s in ("red", "amber", "green", "not_measured")}


def stored_band(store: Store) -> tuple[float, float]:
    """Return the contacts a month a key account should have, as the store's settings say
    (settings.CONTACT_BAND until changed)."""
    return float(store.setting("contact_band_low")), float(store.setting("contact_band_high"))


def health_for(store: Store, scope: Scope = EVERYONE, as_of: pd.Timestamp | None = None,
               quarter: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return every quarter's health measures (``health_measures``) of the clients in
    ``scope``, and the problems and late deliveries open at ``quarter``'s judging instant (the
    latest quarter's by default; ``open_items``): the one way the pages, the CLI and the board
    pack ask. The store sends the rows of the event types the measures read (ROW_TYPES) and
    those with a promise, a time or a written confirmation; every interaction is counted."""
    events = store.health_events(scope, event_types=list(ROW_TYPES))
    measures, log = _assessed(events, store.event_counts(scope), as_of,
                              band=stored_band(store))
    if log is None:
        return measures, open_items(events, pd.Timestamp.max)
    at = quarter_ends([quarter or measures["quarter"].max()], as_of).iloc[0]
    return measures, _open_items(events, log, at)
