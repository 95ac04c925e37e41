"""The headline tiles over the heatmap and the client page: figures short enough to fit a tile
at 1280 px (the unit goes in the label, millions are shortened)."""

from __future__ import annotations

import streamlit as st

from kam_analytics.i18n import formats, t


def amount(x: float) -> str:
    """Return an amount for a tile in the reader's convention: thousands separators, millions
    shortened (12.35M; 12,35 млн)."""
    if abs(x) >= 1_000_000:
        return t("number.millions", number=formats.number(x / 1e6, 2))
    return formats.number(x)


def rating(x: float) -> str:
    """Return a mean rating for a tile, a dash when nothing is rated."""
    return "—" if x != x else formats.number(x, 2)


def rating_change(now: float, before: float) -> str | None:
    """Return the change of a mean rating for a tile's delta (+0.12), None when either is
    missing (no arrow rather than a made-up one)."""
    if now != now or before != before:
        return None
    return formats.number(now - before, 2, sign=True)


def headline_tiles(totals: dict[str, float], currency: str, count_label: str,
                   count: int) -> None:
    """Display five tiles: a count (clients, methods...), total cost, hours, mean value and
    the share of spend overinvested, from ``matrix.portfolio_totals``."""
    k = st.columns(5)
    k[0].metric(count_label, formats.number(count))
    k[1].metric(t("kpi.total_cost_in", currency=currency), amount(totals["total_cost"]))
    k[2].metric(t("kpi.hours"), amount(totals["hours"]))
    k[3].metric(t("kpi.mean_value"), rating(totals["value"]))
    k[4].metric(t("kpi.overinvested_spend"), formats.percent(totals["overinvested_share"]),
                help=t("kpi.overinvested_help"))
