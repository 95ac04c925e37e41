"""The board deck: the pack's slides laid out with python-pptx on the blank 16:9 layout, with
its own text boxes measured so that no text runs past its box.

Everything drawn comes from ``slides.slides(pack)`` and the pack itself (see ``pack``): no other
client's name can reach the deck.
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Sequence
from datetime import datetime
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
from kam_analytics.exports import chart_images, health_table
from kam_analytics.exports.pack import BoardPack
from kam_analytics.exports.slides import TOP_CELLS, Slide, goal, slides
from kam_analytics.i18n import t

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
SLIDE_W, SLIDE_H = 13.333, 7.5     # inches, 16:9
MARGIN = 0.5
CONTENT_TOP, CONTENT_BOTTOM = 1.45, 6.9
FONT = "Arial"
TEXT = RGBColor.from_string(charts.TEXT_COLOUR.lstrip("#"))
FAINT = RGBColor.from_string(charts.FAINT.lstrip("#"))
HEADER_FILL = RGBColor(0xEE, 0xEE, 0xEE)
BAND_FILL = RGBColor(0xF7, 0xF7, 0xF7)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
# Arial's metrics, from Liberation Sans (metric-compatible) where installed; else DejaVu Sans,
# what LibreOffice draws in place of Arial without Liberation (wider than Arial, so text measured
# with it fits either way); else an average character width in ems, wide enough for bold
# Cyrillic capitals. A line that wrapped would push its box past the bottom edge, so text is
# measured before it is placed. (regular, bold)
_METRIC_FONTS = (
    ("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
     "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf"),
    ("/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
     "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
    ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
     "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
)
_EM_FALLBACK = 0.62
_ROW_H = 0.3        # table row height, inches
_ROW2_H = 0.44      # a row whose names take two lines
_TABLE_PT = 11      # table text size
_CELL_PAD = 0.07    # a table cell's left and right margins, inches
_WRAP_SAFETY = 0.97  # text is measured against this share of its box's width
_MIN_PICTURE_PX = 1200  # charts place bubble labels for a plot about this wide
_FACTS_W = 2.9      # the key-figures column of a client slide


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#"))


@functools.lru_cache(maxsize=64)
def _metric_font(size_pt: float, bold: bool) -> ImageFont.FreeTypeFont | None:
    for regular, heavy in _METRIC_FONTS:
        path = Path(heavy if bold else regular)
        if path.exists():
            return ImageFont.truetype(str(path), size=size_pt)
    return None


def text_width(text: str, size_pt: float, bold: bool = False) -> float:
    """Return the width in inches of ``text`` set on one line in Arial at ``size_pt``."""
    font = _metric_font(size_pt, bold)
    if font is None:
        return len(text) * size_pt * _EM_FALLBACK / 72
    return font.getlength(text) / 72


def _words(text: object) -> list[str]:
    # Split at spaces and line breaks, not at no-break spaces: 1 234 EUR and «3 кв. 2026» keep
    # theirs, so a figure never wraps or is cut inside itself.
    return [w for w in re.split(r"[ \t\r\n\f\v]+", str(text)) if w]


def clipped(text: str, width_in: float, size_pt: float, bold: bool = False) -> str:
    """Return ``text`` (spaces folded) cut with an ellipsis to fit one line ``width_in`` wide."""
    text = " ".join(_words(text))
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


def wrapped_lines(text: str, width_in: float, size_pt: float, bold: bool = False) -> list[str]:
    """Return the lines ``text`` wraps to at word breaks in a box ``width_in`` wide (a word
    longer than the box is a line of its own)."""
    lines: list[str] = []
    line = ""
    for word in _words(text):
        trial = f"{line} {word}" if line else word
        if line and text_width(trial, size_pt, bold) > width_in:
            lines.append(line)
            line = word
        else:
            line = trial
    return [*lines, line] if line else lines


def fitted(text: str, width_in: float, size_pt: float, bold: bool = False,
           lines: int = 1) -> str:
    """Return ``text`` (spaces folded), whole if it wraps to at most ``lines`` lines
    ``width_in`` wide, else cut with an ellipsis where its last line ends."""
    text = " ".join(_words(text))
    # A little narrower than the box: the viewer's line breaks may fall a word earlier.
    width = width_in * _WRAP_SAFETY
    got = wrapped_lines(text, width, size_pt, bold)
    if len(got) <= lines and all(text_width(g, size_pt, bold) <= width for g in got):
        return text
    if lines == 1:
        return clipped(text, width, size_pt, bold)
    return " ".join([*got[:lines - 1], clipped(" ".join(got[lines - 1:]), width, size_pt, bold)])


def _fitted_size(text: str, width_in: float, largest: float, smallest: float,
                 bold: bool = True) -> float:
    """Return the largest font size (pt) at which ``text`` fits one line ``width_in`` wide (as
    ``fitted`` measures it), at least ``smallest``."""
    size = largest
    while size > smallest and text_width(text, size, bold) > width_in * _WRAP_SAFETY:
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
    run.text = fitted(text, width, size, bold, lines)
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
    if s.subtitle:  # one line at 12 to 10 pt, else two lines at 10 pt: never cut short
        size = _fitted_size(s.subtitle, width, 12, 10, bold=False)
        lines = 1 if text_width(s.subtitle, size) <= width * _WRAP_SAFETY else 2
        _text(slide, MARGIN, 0.98, width, 0.3 if lines == 1 else 0.44, s.subtitle, size=size,
              colour=FAINT, lines=lines)
    footer = " · ".join(p for p in (t("app.title"), i18n.formats.quarter(pack.quarter), pack.source)
                      if p)
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


def column_widths(frames: Sequence[pd.DataFrame], width: float, numeric: Sequence[bool],
                  size: float = _TABLE_PT) -> list[float]:
    """Return column widths (inches) adding up to ``width`` for tables of these columns: each
    as wide as its bold header and its longest value; room left over goes to the text
    columns, and room short is taken from them alone, the widest first (their longest values
    are then cut)."""
    columns = list(frames[0].columns)
    natural = []
    for j, name in enumerate(columns):
        values = [str(v) for f in frames for v in f.iloc[:, j]]
        natural.append(max([text_width(str(name), size, True),
                            *(text_width(v, size) for v in values)]) / _WRAP_SAFETY
                       + 2 * _CELL_PAD)
    text = [j for j, is_number in enumerate(numeric) if not is_number]
    fixed = sum(w for j, w in enumerate(natural) if j not in text)
    flexible = sum(natural[j] for j in text)
    if not text or flexible <= 0:
        return [w * width / sum(natural) for w in natural]
    out = list(natural)
    room = width - fixed
    if room >= flexible:  # share the room left in proportion to what each would take
        for j in text:
            out[j] = natural[j] * room / flexible
    else:  # short: the widest text columns give it up first, down to a common width
        cap = _common_width([natural[j] for j in text], room)
        for j in text:
            out[j] = min(natural[j], cap)
    return out if min(out) > 0 else [w * width / sum(natural) for w in natural]


def _common_width(wanted: list[float], room: float) -> float:
    """Return the width c at which the columns wanting ``wanted`` fill ``room`` when each
    takes min(its want, c): the narrow keep what they want, the wide share what is left."""
    left, count = room, len(wanted)
    for want in sorted(wanted):
        if want * count > left:
            return left / count
        left -= want
        count -= 1
    return max(wanted)


def cut_rows(frame: pd.DataFrame, widths: Sequence[float], numeric: Sequence[bool],
             size: float = _TABLE_PT) -> list[int]:
    """Return the table rows (1 = the first below the header) whose text would be cut on one
    line in columns ``widths`` inches wide."""
    return [i for i, values in enumerate(frame.astype(str).values.tolist(), start=1)
            if any(not numeric[j] and text_width(" ".join(_words(v)), size)
                   > widths[j] - 2 * _CELL_PAD for j, v in enumerate(values))]


def _table(slide, frame: pd.DataFrame, box: tuple[float, float, float, float],
           widths: Sequence[float], numeric: Sequence[bool],
           two_lines: Sequence[int] = ()) -> None:
    """Add ``frame`` as a table with a header row, columns ``widths`` inches wide; the rows
    ``two_lines`` are taller and their text wraps to two lines; cell text cut to fit its
    column only where the columns could not be made wide enough."""
    left, top, width, height = box
    rows = max(len(frame), 1) + 1
    row_h = min(_ROW_H, height / rows)
    heights = [_ROW2_H if i in two_lines else row_h for i in range(rows)]
    shape = slide.shapes.add_table(rows, len(frame.columns), Inches(left), Inches(top),
                                   Inches(width), Inches(sum(heights)))
    table = shape.table
    table.first_row, table.horz_banding = True, False
    for j, w in enumerate(widths):
        table.columns[j].width = Inches(w)
    for i in range(rows):
        table.rows[i].height = Inches(heights[i])
    size = _TABLE_PT
    body = frame.astype(str).values.tolist() or [["—"] + [""] * (len(frame.columns) - 1)]
    for i, values in enumerate([list(frame.columns), *body]):
        for j, value in enumerate(values):
            cell = table.cell(i, j)
            cell.margin_left = cell.margin_right = Inches(_CELL_PAD)
            cell.margin_top = cell.margin_bottom = Inches(0.02)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            cell.fill.solid()
            cell.fill.fore_color.rgb = HEADER_FILL if i == 0 else (
                BAND_FILL if i % 2 == 0 else WHITE)
            paragraph = cell.text_frame.paragraphs[0]
            paragraph.alignment = PP_ALIGN.RIGHT if numeric[j] else PP_ALIGN.LEFT
            cell.text_frame.word_wrap = True
            run = paragraph.add_run()
            run.text = (fitted(value, widths[j] - 2 * _CELL_PAD, size, lines=2)
                        if i in two_lines
                        else clipped(value, widths[j] - 2 * _CELL_PAD, size, i == 0))
            run.font.name, run.font.size, run.font.bold = FONT, Pt(size), i == 0
            run.font.color.rgb = TEXT


def _cover(slide, s: Slide, pack: BoardPack) -> None:
    _strategy_band(slide, 0, 0.22)
    width = SLIDE_W - 2 * 0.9
    size = _fitted_size(s.title, width, 40, 28)
    # a title too long for one line at 28 pt (Russian's often are) takes two at 32 pt
    lines = 1 if text_width(s.title, size, True) <= width * _WRAP_SAFETY else 2
    _text(slide, 0.9, 2.2, width, 1.2, s.title, size=size if lines == 1 else 32, bold=True,
          anchor=MSO_ANCHOR.BOTTOM, lines=lines)
    _text(slide, 0.9, 3.6, width, 0.5, s.subtitle, size=20, colour=TEXT)
    lines = [t("deck.prepared", date=i18n.formats.day_in_words(pack.generated))]
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


# A table's colour bar: a quadrant's colour, or a health status's ("health_red").
_BAR_COLOURS = {**charts.QUADRANT_COLOURS,
                **{f"health_{s}": c for s, c in health_table.STATUS_COLOURS.items()}}


def _tables_slide(slide, s: Slide) -> None:
    numeric = s.numeric
    width = SLIDE_W - 2 * MARGIN
    widths = column_widths([frame for _, _, frame in s.tables], width, numeric)  # aligned
    each = [widths if s.aligned else column_widths([frame], width, numeric)  # own need
            for _, _, frame in s.tables]
    # Names that would be cut on one line (Russian's longer ones) take two, first come first,
    # as long as the slide's room lasts.
    room = (CONTENT_BOTTOM - CONTENT_TOP - len(s.tables) * (0.42 + _ROW_H * (TOP_CELLS + 1))
            - 0.3 * (len(s.tables) - 1))
    two_lines = []
    for (_, _, frame), w in zip(s.tables, each, strict=True):
        rows = []
        for i in cut_rows(frame, w, numeric):
            if room >= _ROW2_H - _ROW_H:
                rows.append(i)
                room -= _ROW2_H - _ROW_H
        two_lines.append(rows)
    top = CONTENT_TOP
    for (caption, quadrant, frame), w, rows in zip(s.tables, each, two_lines, strict=True):
        _bar(slide, MARGIN, top + 0.04, 0.12, 0.24, _BAR_COLOURS[quadrant])
        _text(slide, MARGIN + 0.22, top, width - 0.22, 0.32, caption, size=14, bold=True)
        height = _ROW_H * (TOP_CELLS + 1) + len(rows) * (_ROW2_H - _ROW_H)
        _table(slide, frame, (MARGIN, top + 0.42, width, height), w, numeric, rows)
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
    most = max(sum(m.strategy == s.id for m in taxonomy.METHODS) for s in taxonomy.STRATEGIES)
    step = min(0.6, (CONTENT_BOTTOM - CONTENT_TOP - 1.45) / most)
    for i, s in enumerate(taxonomy.STRATEGIES):
        left = MARGIN + i * (width + gap)
        bar = _bar(slide, left, CONTENT_TOP, width, 0.5, s.colour)
        frame = bar.text_frame
        frame.word_wrap = True
        frame.margin_left = frame.margin_right = Inches(0.08)
        run = frame.paragraphs[0].add_run()
        run.text = taxonomy.strategy_label(s.id, i18n.LANG)
        run.font.name, run.font.size, run.font.bold, run.font.color.rgb = FONT, Pt(13), True, WHITE
        # four lines of goal and three of a method: Russian's longer words wrap more often
        _text(slide, left, CONTENT_TOP + 0.58, width, 0.75, goal(s), size=10, colour=FAINT,
              lines=4)
        methods = [m for m in taxonomy.METHODS if m.strategy == s.id]
        top = CONTENT_TOP + 1.45
        for m in methods:
            _text(slide, left, top, width, 0.5, taxonomy.method_label(m.id, i18n.LANG),
                  size=10, lines=3)
            top += step


_LOCALES = {"en": "en-GB", "ru": "ru-RU"}  # the document's language, for spelling and voices


def _clean_properties(prs, pack: BoardPack) -> None:
    """Set the document properties deliberately: nothing from the template or a user."""
    now = datetime.now().replace(microsecond=0)
    props = prs.core_properties
    props.title = t("deck.doc_title", quarter=pack.quarter)
    props.subject = pack.scope_label
    props.author = t("app.title")
    props.last_modified_by = t("app.title")
    props.comments = props.keywords = props.category = props.content_status = ""
    props.identifier = props.version = ""
    props.language = _LOCALES[i18n.LANG]
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
