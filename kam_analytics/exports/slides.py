"""What each slide of the board deck shows: its title, figure, tables or key figures and the
speaker notes with the numbers behind it. Pure: built from the pack alone, drawn by ``deck``."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from kam_analytics import charts, i18n, taxonomy
from kam_analytics.analysis import compare, economics, health, matrix, whatif
from kam_analytics.charts.whale import whale_chart
from kam_analytics.exports import health_table
from kam_analytics.exports.pack import BoardPack
from kam_analytics.i18n import formats, t

HEATMAP_ROWS = 10          # clients per heatmap slide: more and its labels fall below 9 pt
HEATMAP_MAX_CLIENTS = 40   # beyond this the heatmap slides show the largest spenders only
# Clients per strategy-mix slide, and how many are shown at most: 200 clients on one slide made
# an 8,500 px tall chart, shrunk to bars a third of a point high.
MIX_ROWS = 20
MIX_MAX_CLIENTS = 40
TOP_CELLS = 5


@dataclass
class Slide:
    """One slide's content: plain text (escaped where it enters figure text), a figure, tables
    or key figures, and speaker notes."""

    kind: str        # "title" | "chart" | "tables" | "client" | "appendix"
    title: str
    subtitle: str = ""
    notes: str = ""
    figure: go.Figure | None = None
    tables: list[tuple[str, str, pd.DataFrame]] = field(default_factory=list)
    facts: list[tuple[str, str]] = field(default_factory=list)
    numeric: tuple[bool, ...] = (False, False, False, True, True, True, True)  # tables' columns
    aligned: bool = True  # the tables share their column widths (the same columns)


def _money(x: float, currency: str) -> str:
    return t("chart.amount", number=formats.formatted(float(x), ",.0f"), currency=currency)


def _value(x: float) -> str:
    return "—" if pd.isna(x) else formats.formatted(float(x), ".1f")


def _share(x: float) -> str:
    return "—" if pd.isna(x) else formats.percent(float(x))


def _threshold_text(pack: BoardPack) -> str:
    return t("deck.thresholds", cost=_money(pack.cost_threshold, pack.currency),
             value=formats.formatted(pack.value_threshold, ".1f"))


def _title_slide(pack: BoardPack) -> Slide:
    totals = matrix.portfolio_totals(pack.matrix)
    c = pack.currency
    lines = [
        t("deck.notes_scope", scope=pack.scope_label, quarter=pack.quarter),
        t("deck.notes_totals", total=_money(totals["total_cost"], c),
          money=_money(totals["cost"], c), time=_money(totals["time_cost"], c),
          hours=formats.formatted(totals["hours"], ",.0f"),
          rate=_money(pack.hourly_rate, c)),
        t("deck.notes_value", value=_value(totals["value"]),
          share=_share(totals["overinvested_share"]),
          over=_money(totals["overinvested_cost"], c)),
        _threshold_text(pack),
    ]
    if pack.aliases is not None:
        lines.append(t("deck.anonymised"))
    if pack.source:
        lines.append(pack.source)
    subtitle = t("deck.cover_subtitle", quarter=pack.quarter, scope=pack.scope_label)
    return Slide("title", t("deck.cover_title"), subtitle, "\n".join(lines))


def _pages(clients: list[str], rows: int, most: int) -> list[list[str]]:
    """Return the first ``most`` clients in pages of ``rows`` (one empty page for none)."""
    shown = clients[:most]
    return [shown[i:i + rows] for i in range(0, len(shown), rows)] or [[]]


def _page_count(clients: list[str], rows: int, most: int) -> int:
    return max(1, math.ceil(min(len(clients), most) / rows))


def _paged(title: str, page: int, pages: int) -> str:
    """Return a slide title, numbered when its chart runs over several slides."""
    return t("deck.part", title=title, n=page + 1, of=pages) if pages > 1 else title


def _capped(subtitle: str, pack: BoardPack, most: int) -> str:
    """Return a subtitle saying, when the pack has more clients than ``most``, who is shown."""
    if len(pack.clients) <= most:
        return subtitle
    return subtitle + " " + t("deck.heatmap_capped", n=most, total=len(pack.clients))


def _heatmap_slides(pack: BoardPack) -> list[Slide]:
    pages = _pages(pack.clients, HEATMAP_ROWS, HEATMAP_MAX_CLIENTS)
    out = []
    for page, chunk in enumerate(pages):
        cells = matrix.filtered(pack.matrix, clients=chunk)
        title = _paged(t("deck.heatmap_title"), page, len(pages))
        subtitle = _capped(t("deck.heatmap_subtitle", threshold=_threshold_text(pack)), pack,
                           HEATMAP_MAX_CLIENTS)
        fig = charts.heatmap(cells, "quadrant", by="method", title=title,
                             currency=pack.currency)
        notes = [t("deck.notes_heatmap")]
        for client in chunk:
            mine = cells[cells["client"] == client]
            over = mine[mine["quadrant"] == "overinvested"]
            notes.append(t("deck.notes_heatmap_client", client=client,
                           total=_money(mine["total_cost"].sum(), pack.currency),
                           methods=len(mine), over=len(over),
                           over_cost=_money(over["total_cost"].sum(), pack.currency),
                           efficient=int((mine["quadrant"] == "efficient").sum())))
        out.append(Slide("chart", title, subtitle, "\n".join(notes), fig))
    return out


def _quadrant_slide(pack: BoardPack) -> Slide:
    title = t("deck.quadrant_title")
    fig = charts.quadrant_scatter(pack.matrix, cost_threshold=pack.cost_threshold,
                                  value_threshold=pack.value_threshold,
                                  title=title, currency=pack.currency)
    total = float(pack.matrix["total_cost"].sum())
    notes = [t("deck.notes_quadrant", threshold=_threshold_text(pack))]
    for q in charts.QUADRANTS:
        cells = pack.matrix[pack.matrix["quadrant"] == q]
        cost = float(cells["total_cost"].sum())
        notes.append(t("deck.notes_quadrant_line", quadrant=t(f"quadrant.{q}"), n=len(cells),
                       cost=_money(cost, pack.currency),
                       share=_share(cost / total if total > 0 else float("nan"))))
    subtitle = t("deck.quadrant_subtitle", n=len(pack.matrix), clients=len(pack.clients))
    return Slide("chart", title, subtitle, "\n".join(notes), fig)


def cells_frame(cells: pd.DataFrame, currency: str) -> pd.DataFrame:
    """Return matrix cells as a slide table: names, formatted figures, in the given order."""
    return pd.DataFrame({
        t("col.client"): cells["client"].astype(str),
        t("col.method"): cells["method_label"].astype(str),
        t("col.strategy"): cells["strategy_label"].astype(str),
        t("col.total_cost", currency=currency): cells["total_cost"].map(
            lambda v: formats.formatted(v, ",.0f")),
        t("col.hours"): cells["hours"].map(lambda v: formats.formatted(v, ",.1f")),
        t("col.value"): cells["value"].map(_value),
        t("deck.col_share"): cells["share_of_client_spend"].map(_share),
    })


def _top_cells_slide(pack: BoardPack) -> Slide:
    over = matrix.top_cells(pack.matrix, "overinvested", TOP_CELLS)
    best = matrix.top_cells(pack.matrix, "efficient", TOP_CELLS)
    tables = [(t("deck.top_over", n=len(over)), "overinvested", cells_frame(over, pack.currency)),
              (t("deck.top_efficient", n=len(best)), "efficient",
               cells_frame(best, pack.currency))]
    notes = [_threshold_text(pack)]
    for caption, quadrant, cells in ((tables[0][0], "overinvested", over),
                                     (tables[1][0], "efficient", best)):
        notes.append(caption + ":")
        if cells.empty:
            notes.append("  " + t("deck.none_in_quadrant", quadrant=t(f"quadrant.{quadrant}")))
        for r in cells.itertuples():
            notes.append("  " + t("deck.notes_cell", client=r.client, method=r.method_label,
                                  cost=_money(r.total_cost, pack.currency),
                                  money=_money(r.cost, pack.currency),
                                  hours=formats.formatted(r.hours, ",.1f"), value=_value(r.value),
                                  per1000=("—" if pd.isna(r.value_per_1000)
                                           else formats.formatted(r.value_per_1000, ",.2f")),
                                  share=_share(r.share_of_client_spend)))
    return Slide("tables", t("deck.top_title"), _threshold_text(pack), "\n".join(notes),
                 tables=tables)


def moves_frame(cells: pd.DataFrame, currency: str, quarter: str,
                previous: str) -> pd.DataFrame:
    """Return cells that moved between quadrants as a slide table: both quadrants, both total
    costs (headed by their quarters) and the change."""
    return pd.DataFrame({
        t("col.client"): cells["client"].astype(str),
        t("col.method"): cells["method_label"].astype(str),
        t("deck.col_before"): cells["previous_quadrant"].map(lambda q: t(f"quadrant.{q}")),
        t("deck.col_now"): cells["quadrant"].map(lambda q: t(f"quadrant.{q}")),
        # the quarters name the cost columns: "Total cost before (EUR)" left the method cut
        t("deck.col_cost_in", quarter=previous, currency=currency): cells[
            "previous_total_cost"].map(lambda v: formats.formatted(v, ",.0f")),
        t("deck.col_cost_in", quarter=quarter, currency=currency): cells["total_cost"].map(
            lambda v: formats.formatted(v, ",.0f")),
        t("deck.col_change"): cells["total_cost_change"].map(
            lambda v: formats.formatted(v, "+,.0f")),
    })


def _change_slide(pack: BoardPack) -> Slide:
    change, before, totals = pack.change, pack.previous_quarter, pack.change_totals
    moved = compare.quadrant_moves(change)
    into = moved[moved["quadrant"] == "overinvested"].head(TOP_CELLS)
    out = moved[moved["previous_quadrant"] == "overinvested"].head(TOP_CELLS)
    new_clients, _ = compare.new_and_gone(change, "client")
    summary = t("deck.change_summary", cost=_money(totals["total_cost"], pack.currency),
                change=formats.formatted(totals["total_cost_change"], "+,.0f"), quarter=before,
                value=_value(totals["mean_value"]),
                value_before=_value(totals["previous_mean_value"]), moved=totals["moved"],
                new=len(new_clients), gone=pack.gone_clients)
    # (gone clients are counted, never named: they have no alias in an anonymised pack)
    tables = [(t("deck.moved_into", n=len(into)), "overinvested",
               moves_frame(into, pack.currency, pack.quarter, before)),
              (t("deck.moved_out", n=len(out)), "efficient",
               moves_frame(out, pack.currency, pack.quarter, before))]
    notes = [summary, _threshold_text(pack)]
    for caption, _, frame in tables:
        notes.append(caption + ":")
        notes += ["  " + " · ".join(map(str, row)) for row in frame.itertuples(index=False)]
    numeric = (False, False, False, False, True, True, True)
    return Slide("tables", t("deck.change_title", quarter=before), summary, "\n".join(notes),
                 tables=tables, numeric=numeric)


def recommended_frame(cells: pd.DataFrame, currency: str) -> pd.DataFrame:
    """Return a what-if's ranked cells (``whatif.recommendations``) as a slide table."""
    return pd.DataFrame({
        t("col.client"): cells["client"].astype(str),
        t("col.method"): cells["method_label"].astype(str),
        t("col.total_cost", currency=currency): cells["total_cost"].map(
            lambda v: formats.formatted(v, ",.0f")),
        t("whatif.col_cost_after_short"): cells["total_cost_after"].map(
            lambda v: formats.formatted(v, ",.0f")),
        # two decimals: a move changes values by hundredths
        t("col.value"): cells["value"].map(
            lambda v: "—" if pd.isna(v) else formats.formatted(v, ".2f")),
        t("whatif.col_value_after"): cells["value_after"].map(
            lambda v: "—" if pd.isna(v) else formats.formatted(v, ".2f")),
        t("deck.col_per_1000_moved"): cells["value_change_per_1000"].map(
            lambda v: "—" if pd.isna(v) else formats.formatted(v, "+,.3f")),
    })


def _whatif_slide(pack: BoardPack) -> Slide:
    moved, move = pack.moved, pack.move
    summary = whatif.move_summary(moved)
    ranked = whatif.recommendations(moved)
    grows = ranked[ranked["action"] == "grow"].head(TOP_CELLS)
    cuts = ranked[ranked["action"] == "cut"].head(TOP_CELLS)
    quadrants = {side: ", ".join(t(f"quadrant.{q}") for q in qs)
                 for side, qs in (("cut", move.cut), ("grow", move.grow))}
    title = t("deck.whatif_title", share=formats.percent(move.share), cut=quadrants["cut"],
              grow=quadrants["grow"])
    subtitle = t("deck.whatif_summary", money=_money(summary["moved"], pack.currency),
                 cut=int((moved["action"] == "cut").sum()),
                 grow=int((moved["action"] == "grow").sum()),
                 value=_value(summary["weighted_value"]),
                 value_after=_value(summary["weighted_value_after"]))
    tables = [(t("deck.whatif_grow", n=len(grows)), "efficient",
               recommended_frame(grows, pack.currency)),
              (t("deck.whatif_cut", n=len(cuts)), "overinvested",
               recommended_frame(cuts, pack.currency))]
    notes = [subtitle, pack.move_model, _threshold_text(pack)]
    for caption, _, frame in tables:
        notes.append(caption + ":")
        notes += ["  " + " · ".join(map(str, row)) for row in frame.itertuples(index=False)]
    numeric = (False, False, True, True, True, True, True)
    return Slide("tables", title, subtitle + " " + t("deck.whatif_estimate"), "\n".join(notes),
                 tables=tables, numeric=numeric)
def _health_slide(pack: BoardPack) -> Slide:
    measures, items = pack.health, pack.open_items
    counts = health.status_counts(health.overall_health(measures))
    red, n_red = health_table.red_clients_frame(measures, TOP_CELLS)
    summary = t("deck.health_summary", red=counts["red"], amber=counts["amber"],
                green=counts["green"], unmeasured=counts["not_measured"])
    tables = [(t("deck.health_red", n=n_red), "health_red", red),
              (t("deck.health_open", n=len(items)), "health_amber",
               health_table.open_items_frame(items, TOP_CELLS))]
    notes = [summary, t("health.times_note")]
    for row in health_table.health_table(measures).itertuples():
        notes.append(t("deck.notes_health", client=row.client, measure=row.measure_name,
                       value=row.shown, status=row.status_name, rule=row.rule_text))
    return Slide("tables", t("deck.health_title", quarter=pack.quarter), summary,
                 "\n".join(notes), tables=tables, numeric=(False, False, False, False),
                 aligned=False)


def _strategy_mix_slides(pack: BoardPack) -> list[Slide]:
    pages = _pages(pack.clients, MIX_ROWS, MIX_MAX_CLIENTS)
    subtitle = _capped(t("deck.mix_subtitle"), pack, MIX_MAX_CLIENTS)
    return [_strategy_mix_slide(pack, chunk, _paged(t("deck.mix_title"), page, len(pages)),
                                subtitle) for page, chunk in enumerate(pages)]


def _strategy_mix_slide(pack: BoardPack, clients: list[str], title: str,
                        subtitle: str) -> Slide:
    s = pack.strategy_matrix[pack.strategy_matrix["client"].isin(clients)]
    fig = charts.strategy_mix(s, title=title, currency=pack.currency)
    notes = [t("deck.notes_mix")]
    for client in clients:
        mine = s[s["client"] == client]
        total = float(mine["total_cost"].sum())
        parts = []
        for sid in taxonomy.STRATEGY_IDS:
            cost = float(mine.loc[mine["strategy"] == sid, "total_cost"].sum())
            if cost > 0:
                parts.append(t("deck.notes_mix_part", strategy=taxonomy.strategy_label(sid),
                               share=_share(cost / total)))
        notes.append(t("deck.notes_mix_client", client=client,
                       total=_money(total, pack.currency), parts=", ".join(parts)))
    return Slide("chart", title, subtitle, "\n".join(notes), fig)


def client_facts(cells: pd.DataFrame, currency: str) -> list[tuple[str, str]]:
    """Return one client's key figures as (label, value) pairs for its slide."""
    totals = matrix.portfolio_totals(cells)
    manager = cells["manager"].dropna()
    segment = cells["segment"].dropna()
    return [
        (t("kpi.total_cost"), _money(totals["total_cost"], currency)),
        (t("deck.fact_money_time"), t("deck.fact_split", money=_money(totals["cost"], currency),
                                      time=_money(totals["time_cost"], currency))),
        (t("kpi.hours"), formats.formatted(totals["hours"], ",.0f")),
        (t("kpi.methods"), str(len(cells))),
        (t("kpi.mean_value"), _value(totals["value"])),
        (t("kpi.overinvested_spend"), _share(totals["overinvested_share"])),
        (t("col.manager"), str(manager.iloc[0]) if len(manager) else "—"),
        (t("deck.fact_segment"), str(segment.iloc[0]) if len(segment) else "—"),
    ]


def _economics_slide(pack: BoardPack) -> Slide:
    curve = economics.whale_curve(pack.economics)
    summary = economics.curve_summary(curve)
    c = pack.currency
    title = t("deck.economics_title")
    fig = whale_chart(curve, summary, title=title, currency=c)
    notes = [t("deck.notes_economics", quarter=pack.quarter, rate=_money(pack.hourly_rate, c),
               peak=_money(summary["peak_profit"], c), rank=summary["peak_rank"],
               n=summary["clients"], total=_money(summary["total_profit"], c))]
    for r in curve.itertuples():
        notes.append("  " + t("deck.notes_economics_client", rank=r.rank, client=r.client,
                              margin=_money(r.period_margin, c),
                              assumed=t("deck.notes_assumed") if r.margin_source == "assumed"
                              else "", cost=_money(r.total_cost, c), share=_share(r.cost_share),
                              profit=_money(r.profit_after_cost, c)))
    missing = economics.without_margin(pack.economics)
    if len(missing):
        notes.append(t("deck.notes_no_margin", n=len(missing),
                       names=", ".join(missing["client"].astype(str))))
    return Slide("chart", title, t("deck.economics_subtitle"), "\n".join(notes), fig)


def _client_slide(pack: BoardPack, client: str) -> Slide:
    cells = pack.matrix[pack.matrix["client"] == client]
    title = t("deck.client_title", client=client)
    fig = charts.client_bubbles(cells, cost_threshold=pack.cost_threshold,
                                value_threshold=pack.value_threshold,
                                title=title, currency=pack.currency)
    notes = [t("deck.notes_client", client=client)]
    for r in cells.sort_values("total_cost", ascending=False).itertuples():
        notes.append("  " + t("deck.notes_client_line", method=r.method_label,
                              cost=_money(r.total_cost, pack.currency),
                              hours=formats.formatted(r.hours, ",.1f"), value=_value(r.value),
                              quadrant=t(f"quadrant.{r.quadrant}")))
    return Slide("client", title, _threshold_text(pack), "\n".join(notes), fig,
                 facts=client_facts(cells, pack.currency))


def goal(strategy: taxonomy.Strategy) -> str:
    """Return the goal of a strategy in the session's language."""
    return strategy.goal_ru if i18n.LANG == "ru" else strategy.goal_en


def _appendix_slide() -> Slide:
    notes = [t("deck.notes_appendix")]
    for s in taxonomy.STRATEGIES:
        notes.append(f"{taxonomy.strategy_label(s.id, i18n.LANG)}: {goal(s)}")
    return Slide("appendix", t("deck.appendix_title"), t("deck.appendix_subtitle"),
                 "\n".join(notes))


def slides(pack: BoardPack) -> list[Slide]:
    """Return the deck's slides in order: what each shows and its speaker notes."""
    out = [_title_slide(pack)]
    if "heatmap" in pack.sections:
        out += _heatmap_slides(pack)
    if "quadrant" in pack.sections:
        out.append(_quadrant_slide(pack))
    if "top_cells" in pack.sections:
        out.append(_top_cells_slide(pack))
    if pack.change is not None:
        out.append(_change_slide(pack))
    if pack.health is not None:
        out.append(_health_slide(pack))
    if pack.moved is not None:
        out.append(_whatif_slide(pack))
    if "strategy_mix" in pack.sections:
        out += _strategy_mix_slides(pack)
    if pack.economics is not None:
        out.append(_economics_slide(pack))
    out += [_client_slide(pack, c) for c in pack.client_slides]
    if "appendix" in pack.sections:
        out.append(_appendix_slide())
    return out


def slide_count(pack: BoardPack) -> int:
    """Return how many slides the deck of ``pack`` has (without building any figure)."""
    n = 1
    if "heatmap" in pack.sections:
        n += _page_count(pack.clients, HEATMAP_ROWS, HEATMAP_MAX_CLIENTS)
    if "strategy_mix" in pack.sections:
        n += _page_count(pack.clients, MIX_ROWS, MIX_MAX_CLIENTS)
    n += sum(s in pack.sections for s in ("quadrant", "top_cells", "appendix"))
    return (n + len(pack.client_slides) + (pack.change is not None)
            + (pack.moved is not None) + (pack.economics is not None)
            + (pack.health is not None))
