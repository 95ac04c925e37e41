"""Charts as image files (PNG, SVG), rendered on the server by one long-lived kaleido renderer.

kaleido's sync server is not thread-safe (ENGINEERING.md: four threads without a lock got
another thread's image 19 times in 24) and Streamlit runs every session in its own thread, so
every render goes through one process-wide lock. The renderer starts on the first image asked
for, never at import.

kaleido's own sync server waits on its queue with no time limit: without Chromium (its thread
dies at start) or with a stuck browser, an export waited for ever. So the browser is driven here
from a thread of our own whose every wait is limited (``settings.RENDER_*_TIMEOUT_S``); a browser
that is missing, does not start, takes too long or returns an unusable image is a
``MessageError`` saying so.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import contextlib
import html
import json
import os
import re
import signal
import struct
import threading
import time
from pathlib import Path

import kaleido
import pandas as pd
import plotly.graph_objects as go
from choreographer.browsers.chromium import Chromium

from kam_analytics import charts, settings
from kam_analytics.i18n import MessageError, formats, msg, t

CHROMIUM = Path("/usr/bin/chromium")
FORMATS: dict[str, str] = {"png": "image/png", "svg": "image/svg+xml"}
ASPECT = 16 / 9
SCALE = 2
_SOURCE_PX = 26      # the strip added under a chart for its source line
# The title block at the top of every chart, as charts.py lays it out: 50 px, 74 with a subtitle.
_TITLE_PX, _SUBTITLE_PX = 50, 24
_FALLBACK_HEIGHT = 500
_CLOSE_S = 5.0       # a browser that does not close in this long is killed
_GRACE_S = 5.0       # kaleido stops an image at the image limit itself; this is the backstop

_lock = threading.Lock()


def browser_path() -> str | None:
    """Return the Chrome/Chromium kaleido would run: ``BROWSER_PATH`` when set, else Debian's
    /usr/bin/chromium, else what kaleido finds itself (PATH, its own download); None if none is
    an existing file."""
    path = os.environ.get("BROWSER_PATH")
    if path is None:
        path = str(CHROMIUM) if CHROMIUM.exists() else Chromium.find_browser(skip_local=False)
    return path if path and Path(path).is_file() else None


def missing_browser() -> MessageError | None:
    """Return the error that chart images would raise for want of a browser, or None (a page
    can show it before anyone clicks)."""
    if browser_path() is not None:
        return None
    detail = os.environ.get("BROWSER_PATH") or str(CHROMIUM)
    return MessageError(msg("render.no_browser", detail=detail))


class _Renderer:
    """One kaleido browser driven from an event loop in a thread of its own; every wait on it
    is time-limited, and closing it kills the browser if it will not go."""

    def __init__(self, path: str):
        self.path = path
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True,
                                       name="kam-chart-renderer")
        self.thread.start()
        self.kaleido: kaleido.Kaleido | None = None
        try:
            self._wait(self._open(), settings.RENDER_START_TIMEOUT_S)
        except TimeoutError as exc:
            self.close(gently=False)
            raise MessageError(msg("render.start_timeout", path=path,
                                   seconds=settings.RENDER_START_TIMEOUT_S)) from exc
        except Exception as exc:
            self.close()
            raise MessageError(msg("render.failed", detail=_first_line(exc))) from exc

    async def _open(self) -> None:
        self.kaleido = kaleido.Kaleido(path=self.path, mathjax=False,
                                       timeout=settings.RENDER_IMAGE_TIMEOUT_S)
        await self.kaleido.open()

    def _wait(self, coroutine, timeout: float):
        future = asyncio.run_coroutine_threadsafe(_settled(coroutine), self.loop)
        try:
            return future.result(timeout)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise

    def alive(self) -> bool:
        """Return whether the loop's thread and the browser process are both running."""
        process = getattr(self.kaleido, "subprocess", None)
        return self.thread.is_alive() and process is not None and process.poll() is None

    def render(self, fig: go.Figure, opts: dict) -> bytes:
        """Return the image kaleido draws of ``fig`` (TimeoutError past the image limit)."""
        return self._wait(self.kaleido.calc_fig(fig.to_dict(), opts=opts),
                          settings.RENDER_IMAGE_TIMEOUT_S + _GRACE_S)

    def close(self, *, gently: bool = True) -> None:
        """Close the browser and stop the loop's thread. A browser that is stuck (``gently``
        False) or will not close is killed first; kaleido then only cleans up after it."""
        process = getattr(self.kaleido, "subprocess", None)
        if gently and self.kaleido is not None and self.thread.is_alive():
            with contextlib.suppress(Exception):
                self._wait(self.kaleido.close(), _CLOSE_S)
        if process is not None and process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)  # choreographer starts it as a session
            with contextlib.suppress(Exception):
                process.wait(_CLOSE_S)
        if not gently and self.kaleido is not None and self.thread.is_alive():
            with contextlib.suppress(Exception):  # its temp profile, pipes and tasks
                self._wait(self.kaleido.close(), _CLOSE_S)
        if self.thread.is_alive():
            with contextlib.suppress(Exception):
                self._wait(_cancel_others(), _CLOSE_S)
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(_CLOSE_S)
        if not self.thread.is_alive():
            self.loop.close()


async def _settled(coroutine):
    """Return what ``coroutine`` returns; once cancelled, end as cancelled whatever it raised on
    the way out (kaleido turns a cancelled start into BrowserFailedError, which nobody would
    retrieve and asyncio would print)."""
    try:
        return await coroutine
    except Exception:
        if asyncio.current_task().cancelling():
            raise asyncio.CancelledError from None
        raise


async def _cancel_others() -> None:
    """Cancel every task of the running loop but this one, and let them finish."""
    me = asyncio.current_task()
    others = [task for task in asyncio.all_tasks() if task is not me]
    for task in others:
        task.cancel()
    await asyncio.gather(*others, return_exceptions=True)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:300]


_renderer: _Renderer | None = None


def _running_renderer() -> _Renderer:
    """Return the one renderer, started (again) if it is not up (caller holds the lock)."""
    global _renderer
    if _renderer is not None and _renderer.alive():
        return _renderer
    if _renderer is not None:  # its browser crashed or was killed
        _renderer.close()
        _renderer = None
    path = browser_path()
    if path is None:
        raise missing_browser()
    _renderer = _Renderer(path)
    # At exit, before Python removes the browser's temp profile under it (as kaleido's own
    # server did); registered again for each renderer, as atexit keeps one of each.
    atexit.unregister(stop_renderer)
    atexit.register(stop_renderer)
    return _renderer


def stop_renderer() -> None:
    """Stop the renderer and its browser (a command line job does, before it exits)."""
    # Left to interpreter exit, the browser can still be writing its profile while Python
    # removes the profile's temp dir: a traceback after the job has finished.
    global _renderer
    with _lock:
        if _renderer is not None:
            _renderer.close()
            _renderer = None


def renderer_running() -> bool:
    """Return whether the long-lived renderer is up (it starts on the first image)."""
    return _renderer is not None and _renderer.alive()


def image_scale(width: int, height: int, scale: float = SCALE) -> float:
    """Return ``scale``, lowered so that neither side of the PNG passes settings.MAX_IMAGE_PX."""
    return min(scale, settings.MAX_IMAGE_PX / max(width, height, 1))


def usable_image(data: bytes, fmt: str, width_px: int, height_px: int) -> bytes:
    """Return ``data`` if it is a whole PNG of ``width_px`` x ``height_px`` pixels (within a
    pixel of rounding) or an SVG document; else raise a MessageError saying what came back."""
    if fmt == "png":
        # Read from the bytes, not decoded: PIL refuses (DecompressionBombError) images past
        # 179M pixels, which Chromium draws whole up to 2**28. A whole PNG starts with its
        # signature and size (IHDR) and ends with its end chunk (IEND).
        whole = (data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR"
                 and data.endswith(b"IEND\xaeB`\x82"))
        got = struct.unpack(">II", data[16:24]) if whole else None
        if got is not None and abs(got[0] - width_px) <= 1 and abs(got[1] - height_px) <= 1:
            return data
    elif data[:200].lstrip().startswith((b"<svg", b"<?xml")) and data.rstrip().endswith(
            b"</svg>"):
        return data
    raise MessageError(msg("render.bad_image", format=fmt.upper(), size=len(data),
                           width=width_px, height=height_px))


def image(fig: go.Figure, fmt: str = "png", *, width: int | None = None,
          height: int | None = None, scale: float = SCALE) -> bytes:
    """Return ``fig`` as PNG or SVG bytes of ``width`` x ``height`` layout pixels.

    Height defaults to the figure's own, width to 16:9 of it. PNGs are ``scale`` times that in
    pixels (less where that would pass settings.MAX_IMAGE_PX); SVGs keep the layout size.
    Raises MessageError when there is no browser, it does not start or draw in time, or the
    image it returns is unusable.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    height = int(height or fig.layout.height or _FALLBACK_HEIGHT)
    width = int(width or round(height * ASPECT))
    scale = image_scale(width, height, scale) if fmt == "png" else 1
    global _renderer
    with _lock:
        renderer = _running_renderer()
        started = time.monotonic()
        try:
            data = renderer.render(fig, {"format": fmt, "width": width, "height": height,
                                         "scale": scale})
        except Exception as exc:
            # The next image gets a fresh browser. Past the limit, kaleido's tab may fail on
            # its way out and raise that instead of the time-out: the clock says which it was.
            renderer.close(gently=False)
            _renderer = None
            if (isinstance(exc, TimeoutError)
                    or time.monotonic() - started >= settings.RENDER_IMAGE_TIMEOUT_S):
                raise MessageError(msg("render.image_timeout",
                                       seconds=settings.RENDER_IMAGE_TIMEOUT_S)) from exc
            raise MessageError(msg("render.failed", detail=_first_line(exc))) from exc
    return usable_image(data, fmt, round(width * scale), round(height * scale))


# ---- the exported look: title, subtitle, source line ----------------------------------------

def title_of(fig: go.Figure) -> str:
    """Return the figure's main title line (figure text, without its subtitle)."""
    text = fig.layout.title.text or ""
    return text.split("<br>", 1)[0]


def file_stem(title: str, fallback: str = "chart") -> str:
    """Return a file name stem made from a chart's title, as text or as a figure holds it
    (letters, digits and dashes)."""
    plain = html.unescape(re.sub(r"<[^>]*>", " ", title))
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
    main = title_of(fig) if title is None else title
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
    date = formats.day(pd.Timestamp(rows["imported_at"].max()))
    return t("render.source", files=", ".join(files), date=date)
