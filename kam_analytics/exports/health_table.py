"""Relationship health as people read it: each measure's name, its value in words, its status
as a word and a mark (never colour alone), the rule of Table 6.4 it measures, and for a measure
not measured the columns that would enable it. The CLI, the page and the board pack show it."""

from __future__ import annotations

import math

import pandas as pd

from kam_analytics.analysis import health
from kam_analytics.i18n import t

# A mark beside each status word, so a status reads without its colour.
STATUS_MARKS: dict[str, str] = {"red": "✖", "amber": "▲", "green": "✔", "none": "–",
                                "not_measured": "?"}
# The colours of the statuses where they are drawn (cells, chips, slides).
STATUS_COLOURS: dict[str, str] = {"red": "#C62828", "amber": "#EF8F00", "green": "#2E7D32",
                                  "none": "#9E9E9E", "not_measured": "#BDBDBD"}
TABLE_COLUMNS = ["client", "quarter", "measure", "measure_name", "value", "shown", "n",
                 "status", "status_name", "rule", "rule_text", "needs"]


def status_text(status: str) -> str:
    """Return a status as its mark and word ('✖ Red')."""
    return f"{STATUS_MARKS[status]} {t(f'health.status.{status}')}"


def needs_text(measure_id: str) -> str:
    """Return the columns that would enable a measure, as a manager reads them."""
    alternatives = [t("text.and_list", items=[t(f"column.{c}") for c in alternative])
                    for alternative in health.MEASURE_BY_ID[measure_id].needs if alternative]
    return t("health.needs", columns=t("text.or_list", items=alternatives))


def value_text(measure_id: str, value: float, n: float, status: str) -> str:
    """Return a measure's value in words with what it was drawn from ('25% of 4 promises')."""
    if status == "not_measured":
        return needs_text(measure_id)
    if status == "none" or n == 0:
        return t(f"health.nothing.{measure_id}")
    return t(f"health.value.{measure_id}", value=value, n=int(n))


def health_table(measures: pd.DataFrame) -> pd.DataFrame:
    """Return the measures (``health.health_measures``) with their names, values in words,
    status words and rules: one row per client x quarter x measure."""
    out = measures.copy()
    out["measure_name"] = [t(f"health.measure.{m}") for m in out["measure"]]
    out["shown"] = [value_text(m, v, n, s) for m, v, n, s in zip(
        out["measure"], out["value"], out["n"], out["status"], strict=True)]
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
        t("health.open.since"): items["since"].dt.strftime("%Y-%m-%d"),
        t("health.open.age"): items["age_days"].round(1),
        t("health.open.source"): [
            t("health.open.where", file=f, row=int(r)) for f, r in zip(
                items["source_file"].fillna(""), items["source_row"], strict=True)],
    })
