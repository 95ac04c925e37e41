"""Relationship health as people read it: each measure's name, its value in words, its status
as a word and a mark (never colour alone), the rule of Table 6.4 it measures, and for a measure
not measured the columns that would enable it. The CLI, the page and the board pack show it."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from kam_analytics import settings
from kam_analytics.analysis import health
from kam_analytics.i18n import formats, t

# A mark beside each status word, so a status reads without its colour.
STATUS_MARKS: dict[str, str] = {"red": "✖", "amber": "▲", "green": "✔", "none": "–",
                                "not_measured": "?"}
# The colours of the statuses where they are drawn (cells, chips, slides).
STATUS_COLOURS: dict[str, str] = {"red": "#C62828", "amber": "#EF8F00", "green": "#2E7D32",
                                  "none": "#9E9E9E", "not_measured": "#BDBDBD"}
TABLE_COLUMNS = ["client", "quarter", "measure", "measure_name", "value", "shown", "n",
                 "status", "status_name", "low", "high", "rule", "rule_text", "needs"]


def _day(d: pd.Timestamp) -> str:
    return "—" if pd.isna(d) else formats.day(d)


def status_text(status: str) -> str:
    """Return a status as its mark and word ('✖ Red')."""
    return f"{STATUS_MARKS[status]} {t(f'health.status.{status}')}"


def needs_text(measure_id: str) -> str:
    """Return the columns that would enable a measure, as a manager reads them."""
    alternatives = [t("text.and_list", items=[t(f"column.{c}") for c in alternative])
                    for alternative in health.MEASURE_BY_ID[measure_id].needs if alternative]
    return t("health.needs", columns=t("text.or_list", items=alternatives))


def value_text(measure_id: str, value: float, n: float, status: str,
               band: tuple[float, float] = settings.CONTACT_BAND) -> str:
    """Return a measure's value in words with what it was drawn from ('25% of 4 promises'; the
    contacts against ``band``, the band they were judged by)."""
    if status == "not_measured":
        return needs_text(measure_id)
    if status == "none" or n == 0:
        return t(f"health.nothing.{measure_id}")
    if measure_id == "contact_frequency":
        low, high = band
        verdict = "too_few" if value < low else "too_many" if value > high else "in_band"
        return t("health.value.contact_frequency", value=value, n=int(n),
                 verdict=t(f"health.band.{verdict}"), low=low, high=high)
    return t(f"health.value.{measure_id}", value=value, n=int(n))


def health_table(measures: pd.DataFrame) -> pd.DataFrame:
    """Return the measures (``health.health_measures``) with their names, values in words,
    status words and rules: one row per client x quarter x measure."""
    out = measures.copy()
    out["measure_name"] = [t(f"health.measure.{m}") for m in out["measure"]]
    out["shown"] = [value_text(m, v, n, s, (low, high)) for m, v, n, s, low, high in zip(
        out["measure"], out["value"], out["n"], out["status"], out["low"], out["high"],
        strict=True)]
    out["status_name"] = [status_text(s) for s in out["status"]]
    out["rule_text"] = [t(f"health.rule.{r}") for r in out["rule"]]
    out["needs"] = [needs_text(m) if s == "not_measured" else ""
                    for m, s in zip(out["measure"], out["status"], strict=True)]
    out["n"] = out["n"].astype("int64")
    out["value"] = [None if math.isnan(v) else v for v in out["value"]]
    return out[TABLE_COLUMNS]


def open_items_table(items: pd.DataFrame) -> pd.DataFrame:
    """Return the open problems and late deliveries (``health.open_items``) as people read
    them: client, what, since, days open, where it came from."""
    return pd.DataFrame({
        t("health.open.client"): items["client"],
        t("health.open.kind"): [t(f"health.kind.{k}") for k in items["kind"]],
        t("health.open.since"): items["since"].map(_day),
        t("health.open.age"): items["age_days"].round(1),
        t("health.open.source"): [
            t("health.open.where", file=f, row=int(r)) for f, r in zip(
                items["source_file"].fillna(""), items["source_row"], strict=True)],
    })


def short_value(measure_id: str, value: float, n: float) -> str:
    """Return a measured value in a few characters ('25%', '39 h', '2 · 36 d')."""
    if measure_id == "open_problems":  # how many, and the oldest's days
        return t("health.short.open_problems", n=int(n), value=value) if n else "0"
    return t(f"health.short.{health.MEASURE_BY_ID[measure_id].unit}", value=value)


def short_text(measure_id: str, value: float | None, n: float, status: str) -> str:
    """Return a measure's status mark and short value for a grid cell ('✖ 25%'): its mark
    alone when there is nothing to judge or it is not measured."""
    if status in ("none", "not_measured") or value is None or value != value:
        return STATUS_MARKS[status]
    return f"{STATUS_MARKS[status]} {short_value(measure_id, value, n)}"


@dataclass(frozen=True)
class StatusGrid:
    """A grid of statuses: each cell's status, short text and hover text, rows by columns
    (``rows`` name the rows: clients, or measures)."""

    corner: str
    rows: list[str]
    columns: list[str]
    status: list[list[str]]
    text: list[list[str]]
    tip: list[list[str]]


def _tip(row: pd.Series) -> str:
    return f"{row['measure_name']}: {row['shown']} — {row['status_name']}. {row['rule_text']}"


def portfolio_grid(table: pd.DataFrame, overall: pd.DataFrame) -> StatusGrid:
    """Return clients by measures for one quarter (``health_table`` rows and
    ``health.overall_health``), the overall status first, the clients worst first."""
    order = health.clients_by_health(overall)
    worst = overall.set_index("client")
    by = table.set_index(["client", "measure"])
    status, text, tip = [], [], []
    for client in order:
        w = worst.loc[client]
        cells = [by.loc[(client, m)] for m in health.MEASURE_IDS]
        status.append([w["status"], *(c["status"] for c in cells)])
        text.append([status_text(w["status"]),
                     *(short_text(m, c["value"], c["n"], c["status"])
                       for m, c in zip(health.MEASURE_IDS, cells, strict=True))])
        tip.append([t("health.overall_tip", red=int(w["red"]), amber=int(w["amber"])),
                    *(_tip(c) for c in cells)])
    columns = [t("health.overall"), *(t(f"health.measure.{m}") for m in health.MEASURE_IDS)]
    return StatusGrid(t("health.open.client"), order, columns, status, text, tip)


def trend_grid(table: pd.DataFrame, client: str) -> StatusGrid:
    """Return one client's measures by quarters (``health_table`` rows of every quarter; a
    quarter without the client shows a dash)."""
    own = table[table["client"] == client].set_index(["measure", "quarter"])
    quarters = sorted(own.index.get_level_values("quarter").unique())
    status, text, tip = [], [], []
    for m in health.MEASURE_IDS:
        cells = [own.loc[(m, q)] if (m, q) in own.index else None for q in quarters]
        status.append([c["status"] if c is not None else "none" for c in cells])
        text.append([short_text(m, c["value"], c["n"], c["status"]) if c is not None
                     else STATUS_MARKS["none"] for c in cells])
        tip.append([f"{q} · {_tip(c)}" if c is not None else q
                    for q, c in zip(quarters, cells, strict=True)])
    return StatusGrid(t("health.trend_corner"), [t(f"health.measure.{m}")
                                                  for m in health.MEASURE_IDS],
                      quarters, status, text, tip)


def scorecard(table: pd.DataFrame, client: str, quarter: str) -> pd.DataFrame:
    """Return one client's measures in a quarter as a table to read: the status (mark and
    word), the measure, its value in words and the rule it measures."""
    own = table[(table["client"] == client) & (table["quarter"] == quarter)]
    return pd.DataFrame({t("health.col.status"): own["status_name"].to_numpy(),
                         t("health.col.measure"): own["measure_name"].to_numpy(),
                         t("health.col.value"): own["shown"].to_numpy(),
                         t("health.col.rule"): own["rule_text"].to_numpy()})


def rules_broken(table: pd.DataFrame, client: str, quarter: str) -> list[str]:
    """Return the rules (as text, in Table 6.4's order) that one client's red measures in a
    quarter say its relationship is breaking."""
    red = table[(table["client"] == client) & (table["quarter"] == quarter)
                & (table["status"] == "red")]
    order = {r: i for i, r in enumerate(health.RULES)}
    rules = sorted(set(red["rule"]), key=order.__getitem__)
    return [t(f"health.rule.{r}") for r in rules]


RED_MEASURES_SHOWN = 2  # per client on the slide: more would not fit a line (all in the notes)


def _at_most(parts: list[str], most: int) -> str:
    """Return the first ``most`` parts joined, and how many more there are."""
    shown = "; ".join(parts[:most])
    return shown + (t("health.more_measures", n=len(parts) - most) if len(parts) > most
                    else "")


def red_clients_frame(measures: pd.DataFrame, most: int) -> tuple[pd.DataFrame, int]:
    """Return the clients in the red (``health.health_measures`` rows of one quarter), worst
    first, at most ``most`` of them, as a slide table: client, overall status, the rules broken
    and the red measures with their values; and how many clients are in the red in all."""
    overall = health.overall_health(measures)
    red = overall[overall["status"] == "red"]
    order = health.clients_by_health(red)
    table = health_table(measures[measures["client"].isin(order[:most])])
    rows = []
    for client in order[:most]:
        own = table[(table["client"] == client) & (table["status"] == "red")]
        rows.append({
            t("health.open.client"): client,
            t("health.overall"): status_text("red"),
            t("health.col.rules"): "; ".join(
                t(f"health.rule_short.{r}") for r in sorted(
                    set(own["rule"]), key=health.RULES.index)),
            t("health.col.red"): _at_most(
                [f"{r.measure_name} {short_value(r.measure, r.value, r.n)}"
                 for r in own.itertuples()], RED_MEASURES_SHOWN),
        })
    columns = [t("health.open.client"), t("health.overall"), t("health.col.rules"),
               t("health.col.red")]
    return pd.DataFrame(rows, columns=columns), len(order)


def open_items_frame(items: pd.DataFrame, most: int) -> pd.DataFrame:
    """Return the oldest open items (client, kind, since, age_days) as a slide table of four
    text columns: client, what, since, days open."""
    shown = items.head(most)
    return pd.DataFrame({
        t("health.open.client"): shown["client"].astype(str),
        t("health.open.kind"): [t(f"health.kind.{k}") for k in shown["kind"]],
        t("health.open.since"): shown["since"].map(_day),
        t("health.open.age"): shown["age_days"].map(lambda d: formats.formatted(d, ",.0f")),
    })
