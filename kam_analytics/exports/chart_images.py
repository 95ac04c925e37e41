"""Charts as image files (PNG, SVG), rendered on the server by one long-lived kaleido renderer.

kaleido's sync server is not thread-safe (ENGINEERING.md: four threads without a lock got
another thread's image 19 times in 24) and Streamlit runs every session in its own thread, so
every render goes through one process-wide lock. The renderer starts on the first image asked
for, never at import.
"""

from __future__ import annotations

import html
import json
import os
import re
import threading
from pathlib import Path

import kaleido
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from kam_analytics import charts
from kam_analytics.i18n import t

CHROMIUM = Path("/usr/bin/chromium")
FORMATS: dict[str, str] = {"png": "image/png", "svg": "image/svg+xml"}
ASPECT = 16 / 9
SCALE = 2
_SOURCE_PX = 26      # the strip added under a chart for its source line
# The title block at the top of every chart, as charts.py lays it out: 50 px, 74 with a subtitle.
_TITLE_PX, _SUBTITLE_PX = 50, 24
_FALLBACK_HEIGHT = 500

_lock = threading.Lock()


def _ensure_renderer() -> None:
    """Start the one renderer if it is not running or its thread died (caller holds the lock)."""
    # kaleido exposes no liveness check: a crashed browser leaves the server "running" with a
    # dead thread, and every later call would wait forever on its queue.
    server = kaleido._global_server
    if server.is_running() and server._thread.is_alive():
        return
    if server.is_running():
        server.close(silence_warnings=True)
    if "BROWSER_PATH" not in os.environ and CHROMIUM.exists():
        os.environ["BROWSER_PATH"] = str(CHROMIUM)
    pio.defaults.headers = None  # silences a warning on every call made through a server
    kaleido.start_sync_server(mathjax=False, silence_warnings=True)


def stop_renderer() -> None:
    """Stop the renderer and its browser (a command line job does, before it exits)."""
    # Left to interpreter exit, the browser can still be writing its profile while Python
    # removes the profile's temp dir: a traceback after the job has finished.
    with _lock:
        if kaleido._global_server.is_running():
            kaleido.stop_sync_server(silence_warnings=True)


def renderer_running() -> bool:
    """Return whether the long-lived renderer is up (it starts on the first image)."""
    server = kaleido._global_server
    return bool(server.is_running() and server._thread.is_alive())


def image(fig: go.Figure, fmt: str = "png", *, width: int | None = None,
          height: int | None = None, scale: float = SCALE) -> bytes:
    """Return ``fig`` as PNG or SVG bytes of ``width`` x ``height`` layout pixels.

    Height defaults to the figure's own, width to 16:9 of it. PNGs are ``scale`` times that in
    pixels; SVGs keep the layout size.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    height = int(height or fig.layout.height or _FALLBACK_HEIGHT)
    width = int(width or round(height * ASPECT))
    with _lock:
        _ensure_renderer()
        return pio.to_image(fig, format=fmt, width=width, height=height,
                            scale=scale if fmt == "png" else 1)


# ---- the exported look: title, subtitle, source line ----------------------------------------

def _title_of(fig: go.Figure) -> str:
    """Return the figure's main title line (figure text, without its subtitle)."""
    text = fig.layout.title.text or ""
    return text.split("<br>", 1)[0]


def file_stem(fig: go.Figure, fallback: str = "chart") -> str:
    """Return a file name stem made from the figure's title (letters, digits and dashes)."""
    plain = html.unescape(re.sub(r"<[^>]*>", " ", _title_of(fig)))
    stem = re.sub(r"[^\w]+", "-", plain).strip("-_")[:80]
    return stem or fallback


def _block_px(titled: bool, subtitled: bool) -> int:
    """Return the pixels a chart's title block takes."""
    return (_TITLE_PX + (_SUBTITLE_PX if subtitled else 0)) if titled else 0


def reframed(fig: go.Figure, *, title: str | None, subtitle: str, source: str = "") -> go.Figure:
    """Return a copy of ``fig`` with a new title block and an optional source line under it.

    ``title`` is figure text (None keeps the figure's own, "" removes the title block);
    ``subtitle`` and ``source`` are plain text and are escaped here. The plot area keeps its
    size and every element its place in pixels: the margins and the height grow or shrink by
    what the title block and source line add, and the legend (anchored to the top edge) moves
    with the title block.
    """
    out = go.Figure(fig)
    layout = out.layout
    old_h = int(layout.height or _FALLBACK_HEIGHT)
    old_t = int(layout.margin.t if layout.margin.t is not None else 80)
    old_b = int(layout.margin.b if layout.margin.b is not None else 80)
    had_sub = "<br>" in (fig.layout.title.text or "")
    main = _title_of(fig) if title is None else title
    old_block = _block_px(bool(fig.layout.title.text), had_sub)
    new_block = _block_px(bool(main), bool(subtitle))
    d_top = new_block - old_block
    d_bottom = _SOURCE_PX if source else 0
    height = old_h + d_top + d_bottom
    plot_h = old_h - old_t - old_b
    legend = layout.legend
    if legend.y is not None and legend.yref == "container":
        legend.y = 1 - ((1 - legend.y) * old_h + d_top) / height

    if main:
        text = f"{main}<br><sup>{html.escape(subtitle)}</sup>" if subtitle else main
        layout.title.text = text
        # charts._styled: plotly anchors a two-line title by its second line.
        layout.title.y = 1 - (32 if subtitle else 12) / height
        layout.title.yref = "container"
        layout.title.yanchor = "top"
    else:
        layout.title.text = ""
    layout.height = height
    layout.margin.t, layout.margin.b = old_t + d_top, old_b + d_bottom
    if source:
        out.add_annotation(text=html.escape(source), xref="paper", yref="paper", x=0,
                           y=-(old_b + 4) / plot_h, xanchor="left", yanchor="top",
                           showarrow=False, font={"size": charts.FONT_SIZE - 2,
                                                  "color": charts.FAINT})
    return out


def chart_file(fig: go.Figure, fmt: str, *, subtitle: str, source: str,
               aspect: float = ASPECT) -> bytes:
    """Return a chart as a download: its title, ``subtitle`` and ``source`` line, 16:9."""
    out = reframed(fig, title=None, subtitle=subtitle, source=source)
    height = int(out.layout.height)
    return image(out, fmt, width=round(height * aspect), height=height)


def export_subtitle(quarter: str | None, filters: str) -> str:
    """Return an exported chart's subtitle: the quarter and the filters in force."""
    if not quarter:
        return filters
    return t("render.subtitle", quarter=quarter, filters=filters)


def _import_files(stored: str) -> list[str]:
    """Return the file names of an import as stored (a JSON list)."""
    try:
        names = json.loads(stored)
    except (TypeError, ValueError):
        return [str(stored)]
    return [str(n) for n in names] if isinstance(names, list) else [str(names)]


def source_line(history: pd.DataFrame, quarter: str | None) -> str:
    """Return the source line: the data files in force for ``quarter`` and the latest import date.

    ``history`` is ``Store.import_history()``; replaced imports are left out.
    """
    if history.empty:
        return ""
    rows = history[history["status"] != "replaced"]
    if quarter:
        rows = rows[rows["quarters"].astype(str).str.split(",").map(lambda qs: quarter in qs)]
    if rows.empty:
        return ""
    rows = rows.sort_values("import_id")
    files: list[str] = []
    for stored in rows["file_names"]:
        files += [f for f in _import_files(stored) if f not in files]
    date = pd.Timestamp(rows["imported_at"].max()).strftime("%Y-%m-%d")
    return t("render.source", files=", ".join(files), date=date)
