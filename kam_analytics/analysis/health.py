"""Relationship health: the framework's do's and don'ts (Table 6.4) measured from the interaction
log, as pure functions. Frames in, frames out, inputs never mutated.

``events`` are the interactions with a health column filled (``Store.health_events``: quarter,
client, date, event_type, promised_date, delivered_date, kept, received_at, responded_at,
resolved_at, in_writing, contact_role, source_file, source_sheet, source_row); ``counts`` are
the interactions counted per quarter x client x event type (``Store.event_counts``).

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

from kam_analytics import settings
from kam_analytics.store import EVERYONE, Scope

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
_HOUR = pd.Timedelta(hours=1)
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
HEALTH_COLUMNS = ["client", "quarter", "measure", "rule", "value", "n", "excluded", "status"]
_KEYS = ["client", "quarter"]


# ---- quarters ------------------------------------------------------------------------------
def quarter_ends(quarters: list[str], as_of: pd.Timestamp | None = None) -> pd.Series:
    """Return the instant each quarter is judged at, by quarter: its end (the next quarter's
    first instant), or ``as_of`` when that comes first."""
    periods = pd.PeriodIndex(quarters, freq="Q")
    ends = pd.Series((periods + 1).start_time, index=pd.Index(quarters, name="quarter"))
    return ends if as_of is None else ends.clip(upper=pd.Timestamp(as_of))


def _months_judged(quarters: pd.Series, as_of: pd.Timestamp | None) -> np.ndarray:
    """Return how many months of each row's quarter had passed when it is judged (3 for a
    finished quarter)."""
    periods = pd.PeriodIndex(quarters, freq="Q")
    start = periods.start_time
    end = (periods + 1).start_time
    judged = end if as_of is None else end.where(end <= as_of, pd.Timestamp(as_of))
    share = np.clip((judged - start) / (end - start), 0.0, 1.0)
    return 3.0 * np.asarray(share, dtype=float)


# ---- the items each measure counts -----------------------------------------------------------
def _started(events: pd.DataFrame) -> pd.Series:
    """Return when each item started: received_at, else its date (midnight)."""
    return events["received_at"].fillna(events["date"])


def _promises(events: pd.DataFrame) -> pd.DataFrame:
    """Return the promises: rows typed as promises, or untyped rows with a kept or promised
    date."""
    typed = events["event_type"]
    given = events["kept"].notna().to_numpy() | events["promised_date"].notna().to_numpy()
    is_promise = (typed == "promise").fillna(False).to_numpy() | (typed.isna().to_numpy()
                                                                  & given)
    return events[is_promise]


def _of_types(events: pd.DataFrame, types: tuple[str, ...]) -> pd.DataFrame:
    return events[events["event_type"].isin(types).to_numpy()]


def promises_kept(events: pd.DataFrame, ends: pd.Series) -> pd.DataFrame:
    """Return per client x quarter the % of promises decided that were kept (value) and how
    many were decided (n). A kept yes/no decides; else a delivered date on or before the
    promised one is kept, after it broken; undelivered and due before the quarter's end is
    broken; undelivered and not yet due is not decided yet."""
    p = _promises(events)
    due_by_end = (p["promised_date"] < p["quarter"].map(ends)).to_numpy()
    delivered = p["delivered_date"].notna().to_numpy()
    on_time = (p["delivered_date"] <= p["promised_date"]).to_numpy()
    by_dates = np.where(delivered, on_time.astype(float),
                        np.where(due_by_end, 0.0, np.nan))
    kept = p["kept"].astype("float64").to_numpy(na_value=np.nan)
    outcome = np.where(np.isnan(kept), by_dates, kept)
    frame = pd.DataFrame({"client": p["client"].to_numpy(), "quarter": p["quarter"].to_numpy(),
                          "kept": outcome})
    frame = frame[~np.isnan(outcome)]
    out = frame.groupby(_KEYS, observed=True)["kept"].agg(["mean", "size"])
    return pd.DataFrame({"value": 100.0 * out["mean"], "n": out["size"]})


def _spans(items: pd.DataFrame, end_column: str, ends: pd.Series, unit: pd.Timedelta
           ) -> pd.DataFrame:
    """Return each item's span from its start to ``end_column`` (or, where that is empty, to
    its quarter's judging instant) in ``unit``s, with client and quarter; spans ending before
    they start are marked inconsistent (NaN)."""
    end = items[end_column].fillna(items["quarter"].map(ends))
    span = ((end - _started(items)) / unit).to_numpy(dtype=float)
    return pd.DataFrame({"client": items["client"].to_numpy(),
                         "quarter": items["quarter"].to_numpy(),
                         "span": np.where(span < 0, np.nan, span)})


def _summary(spans: pd.DataFrame, how: str) -> pd.DataFrame:
    grouped = spans.groupby(_KEYS, observed=True)["span"]
    value = grouped.median() if how == "median" else grouped.quantile(0.9)
    return pd.DataFrame({"value": value, "n": grouped.count(),
                         "excluded": grouped.size() - grouped.count()})


def response_times(events: pd.DataFrame, ends: pd.Series) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return per client x quarter the median and the 90th percentile of hours from receiving
    a request or complaint to its first answer (unanswered ones at their age at the quarter's
    end); n counts them, excluded those answered before they were received."""
    spans = _spans(_of_types(events, ANSWERED_TYPES), "responded_at", ends, _HOUR)
    return _summary(spans, "median"), _summary(spans, "p90")


def resolution_times(events: pd.DataFrame, ends: pd.Series) -> pd.DataFrame:
    """Return per client x quarter the median days from a problem or complaint to its
    resolution (unresolved ones at their age at the quarter's end)."""
    return _summary(_spans(_of_types(events, PROBLEM_TYPES), "resolved_at", ends, _DAY),
                    "median")


def _quarters_giving(events: pd.DataFrame, columns: list[str]) -> list[str]:
    """Return the quarters whose interactions fill any of ``columns``."""
    filled = events[columns].notna().any(axis=1).to_numpy()
    return list(events["quarter"][filled].unique())


def open_items(events: pd.DataFrame, at: pd.Timestamp) -> pd.DataFrame:
    """Return the problems and complaints received before ``at`` and not resolved by then, and
    the late deliveries (promises due before ``at``, not delivered by then nor said kept):
    client, kind ('problem', 'complaint' or 'late_delivery'), since, age_days, quarter,
    source_file, source_sheet, source_row; the oldest first."""
    at = pd.Timestamp(at)
    # Only where the item's quarter records resolutions (or deliveries): elsewhere an item
    # without one is not known to be open.
    problems = _of_types(events, PROBLEM_TYPES)
    problems = problems[problems["quarter"].isin(_quarters_giving(events, ["resolved_at"]))]
    started = _started(problems)
    still = (started < at) & (problems["resolved_at"].isna() | (problems["resolved_at"] >= at))
    problems = problems[still.to_numpy()].assign(kind=problems["event_type"], since=started)
    promises = _promises(events)
    promises = promises[promises["quarter"].isin(
        _quarters_giving(events, ["delivered_date", "kept"]))]
    late = ((promises["promised_date"] < at)
            & (promises["delivered_date"].isna() | (promises["delivered_date"] >= at))
            & (promises["date"] < at) & ~promises["kept"].fillna(False).astype(bool))
    promises = promises[late.to_numpy()]
    promises = promises.assign(kind="late_delivery", since=promises["promised_date"])
    columns = ["client", "kind", "since", "quarter", "source_file", "source_sheet", "source_row"]
    out = pd.concat([problems[columns], promises[columns]], ignore_index=True)
    out["kind"] = out["kind"].astype(object)
    out.insert(3, "age_days", ((at - out["since"]) / _DAY).astype(float))
    return out.sort_values(["age_days", "client"], ascending=[False, True],
                           ignore_index=True)


def _open_at_ends(events: pd.DataFrame, ends: pd.Series) -> pd.DataFrame:
    """Return the open items as at each quarter's judging instant, with that quarter."""
    frames = [open_items(events, at).assign(quarter=q) for q, at in ends.items()]
    return pd.concat(frames, ignore_index=True)


def open_problem_ages(open_at_ends: pd.DataFrame) -> pd.DataFrame:
    """Return per client x quarter the days the oldest open problem or complaint had waited
    at the quarter's end (value) and how many were open (n)."""
    problems = open_at_ends[open_at_ends["kind"] != "late_delivery"]
    grouped = problems.groupby(_KEYS, observed=True)["age_days"]
    return pd.DataFrame({"value": grouped.max(), "n": grouped.size()})


def late_deliveries(open_at_ends: pd.DataFrame) -> pd.DataFrame:
    """Return per client x quarter how many promises were past their date and undelivered at
    the quarter's end (value and n)."""
    late = open_at_ends[open_at_ends["kind"] == "late_delivery"]
    n = late.groupby(_KEYS, observed=True).size()
    return pd.DataFrame({"value": n.astype(float), "n": n})


def agreements_in_writing(events: pd.DataFrame) -> pd.DataFrame:
    """Return per client x quarter the % of agreements confirmed in writing, of those whose
    confirmation is recorded yes or no."""
    a = events[(events["event_type"] == "agreement").fillna(False).to_numpy()
               & events["in_writing"].notna().to_numpy()]
    frame = pd.DataFrame({"client": a["client"].to_numpy(), "quarter": a["quarter"].to_numpy(),
                          "yes": a["in_writing"].astype(float).to_numpy()})
    out = frame.groupby(_KEYS, observed=True)["yes"].agg(["mean", "size"])
    return pd.DataFrame({"value": 100.0 * out["mean"], "n": out["size"]})


def contact_frequency(counts: pd.DataFrame, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """Return per client x quarter the contacts per month (meetings, calls and visits; every
    interaction where the client's quarter names no event type) and how many (n)."""
    typed = counts["event_type"].notna().to_numpy()
    contact = counts["event_type"].isin(CONTACT_TYPES).to_numpy()
    n = counts["interactions"].to_numpy(dtype=float)
    frame = pd.DataFrame({"client": counts["client"].to_numpy(),
                          "quarter": counts["quarter"].to_numpy(),
                          "all": n, "typed": np.where(typed, n, 0.0),
                          "contacts": np.where(contact, n, 0.0)})
    sums = frame.groupby(_KEYS, observed=True)[["all", "typed", "contacts"]].sum()
    contacts = np.where(sums["typed"] > 0, sums["contacts"], sums["all"])
    months = _months_judged(sums.index.get_level_values("quarter"), as_of)
    value = np.divide(contacts, months, out=np.zeros(len(contacts)), where=months > 0)
    return pd.DataFrame({"value": value, "n": contacts.astype("int64")}, index=sums.index)


def dmu_roles(events: pd.DataFrame) -> pd.DataFrame:
    """Return per client x quarter how many roles of the decision-making unit were in contact
    (value) and the interactions naming a role (n)."""
    named = events[events["contact_role"].notna().to_numpy()]
    grouped = named.groupby(_KEYS, observed=True)["contact_role"]
    return pd.DataFrame({"value": grouped.nunique().astype(float), "n": grouped.size()})


# ---- statuses ------------------------------------------------------------------------------
def columns_given(events: pd.DataFrame, quarters: list[str]) -> pd.DataFrame:
    """Return, by quarter, whether any of its interactions fills each health column."""
    columns = ["event_type", "promised_date", "delivered_date", "kept", "received_at",
               "responded_at", "resolved_at", "in_writing", "contact_role"]
    filled = events[columns].notna().groupby(events["quarter"].to_numpy()).any()
    return filled.reindex(quarters, fill_value=False)


def measured_in(measure: Measure, given: pd.DataFrame) -> pd.Series:
    """Return, by quarter, whether the data gives every column of one of the measure's
    alternatives."""
    ok = pd.Series(False, index=given.index)
    for alternative in measure.needs:
        ok |= given[list(alternative)].all(axis=1) if alternative else True
    return ok


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


def health_measures(events: pd.DataFrame, counts: pd.DataFrame,
                    as_of: pd.Timestamp | None = None,
                    thresholds: Mapping[str, tuple[float, float]] = settings.HEALTH_THRESHOLDS,
                    band: tuple[float, float] = settings.CONTACT_BAND) -> pd.DataFrame:
    """Return one row per client x quarter x measure (every client with interactions in the
    quarter, every measure in MEASURES order): client, quarter, measure, rule, value, n (the
    items counted), excluded (left out: answered or resolved before received), status."""
    quarters = sorted({*counts["quarter"].dropna().unique(), *events["quarter"].dropna().unique()})
    if not quarters:
        return pd.DataFrame({c: pd.Series(dtype=object if c not in ("value", "n", "excluded")
                                          else float) for c in HEALTH_COLUMNS})
    ends = quarter_ends(quarters, as_of)
    open_now = _open_at_ends(events, ends)
    response = response_times(events, ends)
    found = {
        "promises_kept": promises_kept(events, ends),
        "response_median": response[0], "response_p90": response[1],
        "resolution_median": resolution_times(events, ends),
        "open_problems": open_problem_ages(open_now),
        "late_deliveries": late_deliveries(open_now),
        "in_writing": agreements_in_writing(events),
        "contact_frequency": contact_frequency(counts, as_of),
        "dmu_roles": dmu_roles(events),
    }
    pairs = pd.MultiIndex.from_frame(
        pd.concat([counts[["client", "quarter"]], open_now[["client", "quarter"]]])
        .astype(object).drop_duplicates().sort_values(["client", "quarter"]))
    given = columns_given(events, quarters)
    parts = []
    for measure in MEASURES:
        part = found[measure.id].reindex(pairs)
        value = part["value"].to_numpy(dtype=float)
        n = part["n"].fillna(0).to_numpy(dtype=float)
        if measure.empty_is_zero:
            value = np.nan_to_num(value, nan=0.0)
        status = statuses(measure, value, n, thresholds, band)
        measured = measured_in(measure, given.cummax() if measure.carried else given).reindex(
            pairs.get_level_values("quarter")).to_numpy()
        status[~measured] = "not_measured"
        value = np.where(measured & (status != "none"), value, np.nan)
        excluded = (part["excluded"].fillna(0).to_numpy(dtype=float)
                    if "excluded" in part else np.zeros(len(part)))
        parts.append(pd.DataFrame({
            "client": pairs.get_level_values("client"),
            "quarter": pairs.get_level_values("quarter"), "measure": measure.id,
            "rule": measure.rule, "value": value, "n": np.where(measured, n, 0.0),
            "excluded": excluded, "status": status}))
    # the parts in MEASURES order, each sorted by client and quarter: a stable sort keeps it
    return pd.concat(parts, ignore_index=True).sort_values(
        ["client", "quarter"], kind="stable", ignore_index=True)


def overall_health(measures: pd.DataFrame) -> pd.DataFrame:
    """Return per client x quarter the worst status of its measures (a red is never hidden by
    greens; 'not_measured' where none was judged) and how many were red and amber."""
    rank = measures["status"].map(_RANK).fillna(0).to_numpy()
    frame = pd.DataFrame({"client": measures["client"].to_numpy(),
                          "quarter": measures["quarter"].to_numpy(), "rank": rank,
                          "red": rank == 3, "amber": rank == 2})
    out = frame.groupby(_KEYS, sort=True).agg(rank=("rank", "max"), red=("red", "sum"),
                                               amber=("amber", "sum")).reset_index()
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


def health_for(store: Store, scope: Scope = EVERYONE, as_of: pd.Timestamp | None = None,
               quarter: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return every quarter's health measures (``health_measures``) of the clients in
    ``scope``, and the problems and late deliveries open at ``quarter``'s judging instant (the
    latest quarter's by default; ``open_items``): the one way the pages, the CLI and the board
    pack ask."""
    events = store.health_events(scope)
    measures = health_measures(events, store.event_counts(scope), as_of)
    if measures.empty:
        return measures, open_items(events, pd.Timestamp.max)
    at = quarter_ends([quarter or measures["quarter"].max()], as_of).iloc[0]
    return measures, open_items(events, at)
