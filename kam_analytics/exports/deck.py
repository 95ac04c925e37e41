"""The board pack: what goes into it (quarter, clients, sections, aliases) and its 16:9 deck.

``board_pack`` scopes and, when asked, anonymises the frames first; everything after it (charts,
slides, notes, sheets) is built from the pack alone, so no other client's name can reach an
export through a path forgotten later. ``slides`` says what each slide shows (pure); ``deck``
lays those slides out with python-pptx on the blank layout, with its own text boxes.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from PIL import ImageFont
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from kam_analytics import charts, i18n, taxonomy
from kam_analytics.analysis import MatrixQuery, matrix, matrix_for
from kam_analytics.exports import anonymise, chart_images
from kam_analytics.i18n import t
from kam_analytics.store import EVERYONE, Scope, Store

SECTIONS: tuple[str, ...] = ("heatmap", "quadrant", "top_cells", "strategy_mix", "clients",
                             "appendix")
SCOPES: tuple[str, ...] = ("all", "top", "selection")
DEFAULT_TOP = 10
DEFAULT_CLIENT_SLIDES = 3
HEATMAP_ROWS = 10          # clients per heatmap slide: more and its labels fall below 9 pt
HEATMAP_MAX_CLIENTS = 40   # beyond this the heatmap slides show the largest spenders only
TOP_CELLS = 5
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


class PackError(ValueError):
    """The options name a quarter or clients the store does not hold (message for the user)."""


@dataclass(frozen=True)
class PackOptions:
    """What a manager picks for a board pack."""

    quarter: str | None = None          # None: the latest quarter
    scope: str = "all"                  # "all" | "top" | "selection"
    top: int = DEFAULT_TOP
    clients: tuple[str, ...] = ()       # the selection, real names
    sections: tuple[str, ...] = SECTIONS
    client_slides: int = DEFAULT_CLIENT_SLIDES
    anonymise: bool = False


@dataclass(frozen=True)
class BoardPack:
    """Everything one export shows, already scoped to its clients and, if asked, anonymised."""

    quarter: str
    scope_label: str
    matrix: pd.DataFrame            # quarter x client x method, scoped
    strategy_matrix: pd.DataFrame   # quarter x client x strategy, scoped
    cost_threshold: float
    value_threshold: float
    currency: str
    hourly_rate: float
    source: str
    generated: date
    sections: tuple[str, ...]
    client_slides: tuple[str, ...]  # clients (as shown) that get a slide, largest spend first
    aliases: anonymise.Aliases | None = None

    @property
    def clients(self) -> list[str]:
        """Return the clients of the pack as shown, largest spend first."""
        return matrix.clients_by_spend(self.matrix)


# ---- the pack ----------------------------------------------------------------------------

def scope_clients(quarter_matrix: pd.DataFrame, options: PackOptions) -> list[str]:
    """Return the real names of the clients a pack covers, largest spend first."""
    ranked = matrix.clients_by_spend(quarter_matrix)
    if options.scope == "all":
        return ranked
    if options.scope == "top":
        if options.top < 1:
            raise PackError(t("pack.error_top"))
        return ranked[:options.top]
    if options.scope != "selection":
        raise ValueError(f"scope must be one of {SCOPES}, not {options.scope!r}")
    unknown = [c for c in options.clients if c not in ranked]
    if unknown:
        raise PackError(t("pack.error_clients", names=", ".join(f"'{n}'" for n in unknown),
                          quarter=str(quarter_matrix["quarter"].iloc[0])
                          if len(quarter_matrix) else "—"))
    if not options.clients:
        raise PackError(t("pack.error_no_clients"))
    return [c for c in ranked if c in set(options.clients)]


def _scope_label(options: PackOptions, shown: list[str]) -> str:
    """Return how the title slide names the clients covered."""
    if options.scope == "all":
        return t("pack.scope_all", n=len(shown))
    if options.scope == "top":
        return t("pack.scope_top", n=len(shown))
    if len(shown) == 1:
        return shown[0]
    return t("pack.scope_selection", n=len(shown))


def board_pack(method_matrix: pd.DataFrame, strategy_matrix: pd.DataFrame,
               options: PackOptions, *, currency: str, hourly_rate: float,
               history: pd.DataFrame, generated: date | None = None) -> BoardPack:
    """Return the board pack for ``options`` from the portfolio's matrices (any quarters).

    Quadrants and thresholds come from the whole quarter's portfolio; the pack then keeps only
    the chosen clients and, when anonymised, replaces every client and manager name.
    """
    quarters = sorted(method_matrix["quarter"].dropna().unique().tolist())
    if not quarters:
        raise PackError(t("pack.error_no_data"))
    quarter = options.quarter or quarters[-1]
    if quarter not in quarters:
        raise PackError(t("pack.error_quarter", quarter=quarter, known=", ".join(quarters)))
    sections = tuple(s for s in SECTIONS if s in options.sections)
    unknown = [s for s in options.sections if s not in SECTIONS]
    if unknown:
        raise ValueError(f"unknown sections {unknown}; expected some of {SECTIONS}")

    mq = method_matrix[method_matrix["quarter"] == quarter]
    sq = strategy_matrix[strategy_matrix["quarter"] == quarter]
    cost_thr, value_thr = matrix.quadrant_thresholds(mq)
    chosen = scope_clients(mq, options)
    m = matrix.filtered(mq, clients=chosen).reset_index(drop=True)
    s = matrix.filtered(sq, clients=chosen).reset_index(drop=True)

    # File names may carry client names: no name outside the pack, and no real name at all
    # when anonymised, may reach the source line.
    outside = {c: t("anon.other") for c in matrix.clients_by_spend(mq) if c not in chosen}
    names = None
    if options.anonymise:
        names = anonymise.aliases(m)
        m, s = anonymise.aliased(m, names), anonymise.aliased(s, names)
        outside |= names.clients | names.managers
    source = anonymise.scrubbed(chart_images.source_line(history, quarter), outside)
    shown = matrix.clients_by_spend(m)
    slides = tuple(shown[:max(0, options.client_slides)]) if "clients" in sections else ()
    return BoardPack(
        quarter=quarter, scope_label=_scope_label(options, shown), matrix=m,
        strategy_matrix=s, cost_threshold=cost_thr, value_threshold=value_thr,
        currency=currency, hourly_rate=hourly_rate, source=source,
        generated=generated or date.today(), sections=sections, client_slides=slides,
        aliases=names)


def store_pack(store: Store, options: PackOptions, scope: Scope = EVERYONE,
               generated: date | None = None) -> BoardPack:
    """Return the board pack for ``options`` read from ``store`` (the CLI's path)."""
    rate = store.hourly_rate()
    query = MatrixQuery.of_quarter(options.quarter, scope=scope, hourly_rate=rate)
    by_method = matrix_for(store, query)
    if by_method.empty:
        known = ", ".join(store.quarters(scope)) or t("pack.none")
        raise PackError(t("pack.error_quarter", quarter=options.quarter, known=known)
                        if options.quarter else t("pack.error_no_data"))
    by_strategy = matrix_for(store, dataclasses.replace(query, level="strategy"))
    return board_pack(by_method, by_strategy, options, currency=store.currency(),
                      hourly_rate=rate, history=store.import_history(), generated=generated)


def clients_table(pack: BoardPack) -> pd.DataFrame:
    """Return the pack's clients as shown, largest spend first: alias and real name when
    anonymised, manager, total cost and whether the client gets a slide of its own."""
    summary = matrix.client_summary(pack.matrix)
    real = {a: n for n, a in pack.aliases.clients.items()} if pack.aliases else {}
    out = pd.DataFrame({t("col.client"): summary["client"]})
    if real:
        out[t("anon.col_name")] = summary["client"].map(real)
    out[t("col.manager")] = summary["manager"]
    out[t("col.total_cost", currency=pack.currency)] = summary["total_cost"].round(0)
    out[t("bp.col_slide")] = summary["client"].isin(pack.client_slides)
    return out


# ---- what each slide shows -----------------------------------------------------------------

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


def _money(x: float, currency: str) -> str:
    return t("chart.amount", number=format(float(x), ",.0f"), currency=currency)


def _value(x: float) -> str:
    return "—" if pd.isna(x) else format(float(x), ".1f")


def _share(x: float) -> str:
    return "—" if pd.isna(x) else format(float(x), ".0%")


def _threshold_text(pack: BoardPack) -> str:
    return t("deck.thresholds", cost=_money(pack.cost_threshold, pack.currency),
             value=format(pack.value_threshold, ".1f"))


def _title_slide(pack: BoardPack) -> Slide:
    totals = matrix.portfolio_totals(pack.matrix)
    c = pack.currency
    lines = [
        t("deck.notes_scope", scope=pack.scope_label, quarter=pack.quarter),
        t("deck.notes_totals", total=_money(totals["total_cost"], c),
          money=_money(totals["cost"], c), time=_money(totals["time_cost"], c),
          hours=format(totals["hours"], ",.0f"),
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


def _heatmap_slides(pack: BoardPack) -> list[Slide]:
    clients = pack.clients[:HEATMAP_MAX_CLIENTS]
    pages = max(1, math.ceil(len(clients) / HEATMAP_ROWS))
    out = []
    for page in range(pages):
        chunk = clients[page * HEATMAP_ROWS:(page + 1) * HEATMAP_ROWS]
        cells = matrix.filtered(pack.matrix, clients=chunk)
        title = t("deck.heatmap_title")
        if pages > 1:
            title = t("deck.part", title=title, n=page + 1, of=pages)
        subtitle = t("deck.heatmap_subtitle", threshold=_threshold_text(pack))
        if len(pack.clients) > len(clients):
            subtitle += " " + t("deck.heatmap_capped", n=len(clients), total=len(pack.clients))
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
            lambda v: format(v, ",.0f")),
        t("col.hours"): cells["hours"].map(lambda v: format(v, ",.1f")),
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
                                  hours=format(r.hours, ",.1f"), value=_value(r.value),
                                  per1000=("—" if pd.isna(r.value_per_1000)
                                           else format(r.value_per_1000, ",.2f")),
                                  share=_share(r.share_of_client_spend)))
    return Slide("tables", t("deck.top_title"), _threshold_text(pack), "\n".join(notes),
                 tables=tables)


def _strategy_mix_slide(pack: BoardPack) -> Slide:
    title = t("deck.mix_title")
    fig = charts.strategy_mix(pack.strategy_matrix, title=title,
                              currency=pack.currency)
    notes = [t("deck.notes_mix")]
    s = pack.strategy_matrix
    for client in pack.clients:
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
    return Slide("chart", title, t("deck.mix_subtitle"), "\n".join(notes), fig)


def client_facts(cells: pd.DataFrame, currency: str) -> list[tuple[str, str]]:
    """Return one client's key figures as (label, value) pairs for its slide."""
    totals = matrix.portfolio_totals(cells)
    manager = cells["manager"].dropna()
    segment = cells["segment"].dropna()
    return [
        (t("kpi.total_cost"), _money(totals["total_cost"], currency)),
        (t("deck.fact_money_time"), t("deck.fact_split", money=_money(totals["cost"], currency),
                                      time=_money(totals["time_cost"], currency))),
        (t("kpi.hours"), format(totals["hours"], ",.0f")),
        (t("kpi.methods"), str(len(cells))),
        (t("kpi.mean_value"), _value(totals["value"])),
        (t("kpi.overinvested_spend"), _share(totals["overinvested_share"])),
        (t("col.manager"), str(manager.iloc[0]) if len(manager) else "—"),
        (t("deck.fact_segment"), str(segment.iloc[0]) if len(segment) else "—"),
    ]


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
                              hours=format(r.hours, ",.1f"), value=_value(r.value),
                              quadrant=t(f"quadrant.{r.quadrant}")))
    return Slide("client", title, _threshold_text(pack), "\n".join(notes), fig,
                 facts=client_facts(cells, pack.currency))


def _goal(strategy: taxonomy.Strategy) -> str:
    return strategy.goal_ru if i18n.LANG == "ru" else strategy.goal_en


def _appendix_slide() -> Slide:
    notes = [t("deck.notes_appendix")]
    for s in taxonomy.STRATEGIES:
        notes.append(f"{taxonomy.strategy_label(s.id, i18n.LANG)}: {_goal(s)}")
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
    if "strategy_mix" in pack.sections:
        out.append(_strategy_mix_slide(pack))
    out += [_client_slide(pack, c) for c in pack.client_slides]
    if "appendix" in pack.sections:
        out.append(_appendix_slide())
    return out


def slide_count(pack: BoardPack) -> int:
    """Return how many slides the deck of ``pack`` has (without building any figure)."""
    n = 1
    if "heatmap" in pack.sections:
        shown = min(len(pack.clients), HEATMAP_MAX_CLIENTS)
        n += max(1, math.ceil(shown / HEATMAP_ROWS))
    n += sum(s in pack.sections for s in ("quadrant", "top_cells", "strategy_mix", "appendix"))
    return n + len(pack.client_slides)


# ---- layout ------------------------------------------------------------------------------

SLIDE_W, SLIDE_H = 13.333, 7.5     # inches, 16:9
MARGIN = 0.5
CONTENT_TOP, CONTENT_BOTTOM = 1.45, 6.9
FONT = "Arial"
TEXT = RGBColor.from_string(charts.TEXT_COLOUR.lstrip("#"))
FAINT = RGBColor.from_string(charts.FAINT.lstrip("#"))
RULE = RGBColor(0xD9, 0xD9, 0xD9)
HEADER_FILL = RGBColor(0xEE, 0xEE, 0xEE)
BAND_FILL = RGBColor(0xF7, 0xF7, 0xF7)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
# Arial's metrics, from Liberation Sans (metric-compatible) where installed; else an average
# character width in ems, wide enough for bold Cyrillic capitals. A line that wrapped would push
# its box past the bottom edge, so text is measured before it is placed.
_METRIC_FONTS = ("/usr/share/fonts/truetype/liberation2/LiberationSans-{}.ttf",
                 "/usr/share/fonts/truetype/liberation/LiberationSans-{}.ttf")
_EM_FALLBACK = 0.62
_ROW_H = 0.3        # table row height, inches
_MIN_PICTURE_PX = 1200  # charts place bubble labels for a plot about this wide
_FACTS_W = 2.9      # the key-figures column of a client slide


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#"))


@functools.lru_cache(maxsize=64)
def _metric_font(size_pt: float, bold: bool) -> ImageFont.FreeTypeFont | None:
    for pattern in _METRIC_FONTS:
        path = Path(pattern.format("Bold" if bold else "Regular"))
        if path.exists():
            return ImageFont.truetype(str(path), size=size_pt)
    return None


def text_width(text: str, size_pt: float, bold: bool = False) -> float:
    """Return the width in inches of ``text`` set on one line in Arial at ``size_pt``."""
    font = _metric_font(size_pt, bold)
    if font is None:
        return len(text) * size_pt * _EM_FALLBACK / 72
    return font.getlength(text) / 72


def clipped(text: str, width_in: float, size_pt: float, bold: bool = False) -> str:
    """Return ``text`` (spaces folded) cut with an ellipsis to fit one line ``width_in`` wide."""
    text = " ".join(str(text).split())
    if text_width(text, size_pt, bold) <= width_in:
        return text
    low, high = 0, len(text)  # the longest prefix that fits with its ellipsis
    while low < high:
        mid = (low + high + 1) // 2
        if text_width(text[:mid].rstrip() + "…", size_pt, bold) <= width_in:
            low = mid
        else:
            high = mid - 1
    return text[:max(low, 1)].rstrip() + "…"


def _fitted_size(text: str, width_in: float, largest: float, smallest: float,
                 bold: bool = True) -> float:
    """Return the largest font size (pt) at which ``text`` fits one line, at least ``smallest``."""
    size = largest
    while size > smallest and text_width(text, size, bold) > width_in:
        size -= 1
    return size


def _text(slide, left: float, top: float, width: float, height: float, text: str, *,
          size: float, bold: bool = False, colour: RGBColor = TEXT,
          align: PP_ALIGN = PP_ALIGN.LEFT, anchor: MSO_ANCHOR = MSO_ANCHOR.TOP,
          lines: int = 1):
    """Add a text box that cannot overflow: text beyond ``lines`` lines is cut."""
    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    for side in ("margin_left", "margin_right", "margin_top", "margin_bottom"):
        setattr(frame, side, Emu(0))
    paragraph = frame.paragraphs[0]
    paragraph.alignment = align
    run = paragraph.add_run()
    # Several lines: each may hold a little less than the box's width once words wrap.
    run.text = (clipped(text, width, size, bold) if lines == 1
                else clipped(text, width * lines * 0.85, size, bold))
    font = run.font
    font.name, font.size, font.bold, font.color.rgb = FONT, Pt(size), bold, colour
    return box


def _strategy_band(slide, top: float, height: float) -> None:
    """Draw the template's accent: a thin band in the five strategy colours."""
    n = len(taxonomy.STRATEGIES)
    edges = [round(Inches(SLIDE_W) * i / n) for i in range(n + 1)]  # EMU: no gap, no overhang
    for i, s in enumerate(taxonomy.STRATEGIES):
        bar = _bar(slide, 0, top, 0.1, height, s.colour)
        bar.left, bar.width = Emu(edges[i]), Emu(edges[i + 1] - edges[i])


def _frame(slide, s: Slide, pack: BoardPack, number: int) -> None:
    """Draw what every content slide has: band, title, subtitle, footer."""
    _strategy_band(slide, 0, 0.08)
    width = SLIDE_W - 2 * MARGIN
    size = _fitted_size(s.title, width, 24, 18)
    _text(slide, MARGIN, 0.38, width, 0.55, s.title, size=size, bold=True,
          anchor=MSO_ANCHOR.BOTTOM)
    if s.subtitle:
        _text(slide, MARGIN, 0.98, width, 0.3, s.subtitle, size=12, colour=FAINT)
    footer = " · ".join(p for p in (t("app.title"), pack.quarter, pack.source) if p)
    _text(slide, MARGIN, 7.05, width - 0.8, 0.25, footer, size=9, colour=FAINT)
    _text(slide, SLIDE_W - MARGIN - 0.7, 7.05, 0.7, 0.25, str(number), size=9, colour=FAINT,
          align=PP_ALIGN.RIGHT)


def _picture(slide, fig: go.Figure, box: tuple[float, float, float, float], alt: str) -> None:
    """Add ``fig`` (title removed) as a PNG at the figure's own height, as wide as ``box``
    allows, fitted inside the box (and so the slide), centred, never stretched."""
    left, top, width, height = box
    shown = chart_images.reframed(fig, title="", subtitle="")
    px_h = int(shown.layout.height)
    # Narrower than _MIN_PICTURE_PX, the labels charts place for a screen-wide chart collide.
    px_w = max(round(px_h * width / height), _MIN_PICTURE_PX)
    png = chart_images.image(shown, "png", width=px_w, height=px_h)
    scale = min(width / px_w, height / px_h)  # inches per layout pixel
    shown_w, shown_h = px_w * scale, px_h * scale
    pic = slide.shapes.add_picture(io.BytesIO(png), Inches(left + (width - shown_w) / 2),
                                   Inches(top), Inches(shown_w), Inches(shown_h))
    # python-pptx names the picture after its file; screen readers read this instead.
    pic._element.nvPicPr.cNvPr.set("descr", alt)
    pic._element.nvPicPr.cNvPr.set("name", alt[:60])


def _table(slide, frame: pd.DataFrame, box: tuple[float, float, float, float],
           widths: Sequence[float], numeric: Sequence[bool]) -> None:
    """Add ``frame`` as a table with a header row; cell text cut to fit its column."""
    left, top, width, height = box
    rows = max(len(frame), 1) + 1
    row_h = min(_ROW_H, height / rows)
    shape = slide.shapes.add_table(rows, len(frame.columns), Inches(left), Inches(top),
                                   Inches(width), Inches(row_h * rows))
    table = shape.table
    table.first_row, table.horz_banding = True, False
    scale = width / sum(widths)
    for j, w in enumerate(widths):
        table.columns[j].width = Inches(w * scale)
    for i in range(rows):
        table.rows[i].height = Inches(row_h)
    size = 11
    body = frame.astype(str).values.tolist() or [["—"] + [""] * (len(frame.columns) - 1)]
    for i, values in enumerate([list(frame.columns), *body]):
        for j, value in enumerate(values):
            cell = table.cell(i, j)
            cell.margin_left = cell.margin_right = Inches(0.06)
            cell.margin_top = cell.margin_bottom = Inches(0.02)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            cell.fill.solid()
            cell.fill.fore_color.rgb = HEADER_FILL if i == 0 else (
                BAND_FILL if i % 2 == 0 else WHITE)
            paragraph = cell.text_frame.paragraphs[0]
            paragraph.alignment = PP_ALIGN.RIGHT if numeric[j] else PP_ALIGN.LEFT
            cell.text_frame.word_wrap = True
            run = paragraph.add_run()
            run.text = clipped(value, widths[j] * scale - 0.14, size, i == 0)
            run.font.name, run.font.size, run.font.bold = FONT, Pt(size), i == 0
            run.font.color.rgb = TEXT


def _cover(slide, s: Slide, pack: BoardPack) -> None:
    _strategy_band(slide, 0, 0.22)
    width = SLIDE_W - 2 * 0.9
    _text(slide, 0.9, 2.2, width, 1.2, s.title, size=_fitted_size(s.title, width, 40, 28),
          bold=True, anchor=MSO_ANCHOR.BOTTOM)
    _text(slide, 0.9, 3.6, width, 0.5, s.subtitle, size=20, colour=TEXT)
    lines = [t("deck.prepared", date=pack.generated.strftime("%d %B %Y"))]
    if pack.aliases is not None:
        lines.append(t("deck.anonymised"))
    for i, line in enumerate(lines):
        _text(slide, 0.9, 4.35 + i * 0.4, width, 0.35, line, size=14, colour=FAINT)
    if pack.source:
        _text(slide, 0.9, 6.7, width, 0.3, pack.source, size=10, colour=FAINT)
    _strategy_band(slide, SLIDE_H - 0.08, 0.08)


def _bar(slide, left: float, top: float, width: float, height: float, colour: str):
    """Add a flat rectangle in ``colour`` (no outline, no shadow)."""
    bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(left), Inches(top),
                                 Inches(width), Inches(height))
    bar.fill.solid()
    bar.fill.fore_color.rgb = _rgb(colour)
    bar.line.fill.background()
    bar.shadow.inherit = False
    return bar


def _tables_slide(slide, s: Slide) -> None:
    widths = (2.6, 3.55, 1.7, 1.45, 0.75, 1.05, 1.25)
    numeric = (False, False, False, True, True, True, True)
    width = SLIDE_W - 2 * MARGIN
    top = CONTENT_TOP
    for caption, quadrant, frame in s.tables:
        _bar(slide, MARGIN, top + 0.04, 0.12, 0.24, charts.QUADRANT_COLOURS[quadrant])
        _text(slide, MARGIN + 0.22, top, width - 0.22, 0.32, caption, size=14, bold=True)
        height = _ROW_H * (TOP_CELLS + 1)
        _table(slide, frame, (MARGIN, top + 0.42, width, height), widths, numeric)
        top += 0.42 + height + 0.3


def _client_slide_layout(slide, s: Slide) -> None:
    chart_w = SLIDE_W - 2 * MARGIN - _FACTS_W - 0.3
    _picture(slide, s.figure, (MARGIN, CONTENT_TOP, chart_w, CONTENT_BOTTOM - CONTENT_TOP),
             t("deck.alt", title=s.title))
    left = SLIDE_W - MARGIN - _FACTS_W
    step = (CONTENT_BOTTOM - CONTENT_TOP) / len(s.facts)
    for i, (label, value) in enumerate(s.facts):
        top = CONTENT_TOP + i * step
        _text(slide, left, top, _FACTS_W, 0.25, label, size=10, colour=FAINT)
        _text(slide, left, top + 0.24, _FACTS_W, 0.34, value,
              size=_fitted_size(value, _FACTS_W, 16, 11), bold=True)


def _appendix_layout(slide) -> None:
    columns = len(taxonomy.STRATEGIES)
    gap = 0.2
    width = (SLIDE_W - 2 * MARGIN - gap * (columns - 1)) / columns
    for i, s in enumerate(taxonomy.STRATEGIES):
        left = MARGIN + i * (width + gap)
        bar = _bar(slide, left, CONTENT_TOP, width, 0.5, s.colour)
        frame = bar.text_frame
        frame.word_wrap = True
        frame.margin_left = frame.margin_right = Inches(0.08)
        run = frame.paragraphs[0].add_run()
        run.text = taxonomy.strategy_label(s.id, i18n.LANG)
        run.font.name, run.font.size, run.font.bold, run.font.color.rgb = FONT, Pt(13), True, WHITE
        _text(slide, left, CONTENT_TOP + 0.58, width, 0.62, _goal(s), size=10, colour=FAINT,
              lines=3)
        methods = [m for m in taxonomy.METHODS if m.strategy == s.id]
        top = CONTENT_TOP + 1.3
        for m in methods:
            _text(slide, left, top, width, 0.5, taxonomy.method_label(m.id, i18n.LANG),
                  size=11, lines=2)
            top += 0.6


def _clean_properties(prs, pack: BoardPack) -> None:
    """Set the document properties deliberately: nothing from the template or a user."""
    now = datetime.now().replace(microsecond=0)
    props = prs.core_properties
    props.title = t("deck.doc_title", quarter=pack.quarter)
    props.subject = pack.scope_label
    props.author = t("app.title")
    props.last_modified_by = t("app.title")
    props.comments = props.keywords = props.category = props.content_status = ""
    props.identifier = props.language = props.version = ""
    props.revision = 1
    props.created = props.modified = now
    props.last_printed = now
    for part in prs.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = (part.blob.replace(b"On-screen Show (4:3)", b"Widescreen")
                          .replace(b"Microsoft Macintosh PowerPoint", b"KAM Analytics"))


def deck(pack: BoardPack) -> bytes:
    """Return the board deck of ``pack`` as .pptx bytes (16:9, blank layout, own text boxes)."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_W), Inches(SLIDE_H)
    blank = prs.slide_layouts[6]
    content = (MARGIN, CONTENT_TOP, SLIDE_W - 2 * MARGIN, CONTENT_BOTTOM - CONTENT_TOP)
    for number, s in enumerate(slides(pack), start=1):
        slide = prs.slides.add_slide(blank)
        if s.kind == "title":
            _cover(slide, s, pack)
        else:
            _frame(slide, s, pack, number)
        if s.kind == "chart":
            _picture(slide, s.figure, content, t("deck.alt", title=s.title))
        elif s.kind == "tables":
            _tables_slide(slide, s)
        elif s.kind == "client":
            _client_slide_layout(slide, s)
        elif s.kind == "appendix":
            _appendix_layout(slide)
        slide.notes_slide.notes_text_frame.text = s.notes
    _clean_properties(prs, pack)
    out = io.BytesIO()
    prs.save(out)
    return out.getvalue()
