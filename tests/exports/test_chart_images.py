"""Chart images: the exported look (title, subtitle, source line), valid PNG/SVG at the size asked
for, and one renderer shared safely by several threads."""

from __future__ import annotations

import io
import re
import struct
import threading
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
from PIL import Image

from kam_analytics import charts, settings
from kam_analytics.analysis import MatrixQuery, matrix, matrix_for
from kam_analytics.exports import chart_images
from kam_analytics.i18n import MessageError
from kam_analytics.store import open_store

SOURCE = "Source: q3.xlsx, imported 2026-10-01"


@pytest.fixture(scope="module")
def sample_matrix(seeded_db) -> pd.DataFrame:
    store = open_store(seeded_db, read_only=True)
    try:
        m = matrix_for(store, MatrixQuery.of_quarter("2026Q3"))
    finally:
        store.close()
    return m


@pytest.fixture(scope="module")
def bubbles(sample_matrix) -> go.Figure:
    client = matrix.clients_by_spend(sample_matrix)[0]
    cells = sample_matrix[sample_matrix["client"] == client]
    return charts.client_bubbles(cells, cost_threshold=1000, value_threshold=3.5,
                                 title="Bubbles", currency="EUR")


def _px_from_top(fig: go.Figure, y: float) -> float:
    return (1 - y) * fig.layout.height


def _plot_h(fig: go.Figure) -> float:
    return fig.layout.height - fig.layout.margin.t - fig.layout.margin.b


def test_reframed_adds_subtitle_and_source_and_keeps_pixels(bubbles):
    out = chart_images.reframed(bubbles, title=None, subtitle="2026Q3 · All clients", source=SOURCE)
    assert out.layout.height == bubbles.layout.height + 24 + 26
    assert out.layout.margin.t == bubbles.layout.margin.t + 24
    assert out.layout.margin.b == bubbles.layout.margin.b + 26
    assert out.layout.title.text == "Bubbles<br><sup>2026Q3 · All clients</sup>"
    assert _px_from_top(out, out.layout.title.y) == pytest.approx(32)
    # The legend moves down by the subtitle's line, no more.
    assert _px_from_top(out, out.layout.legend.y) == pytest.approx(
        _px_from_top(bubbles, bubbles.layout.legend.y) + 24)
    # The note under the plot stays the same number of pixels below it.
    note_before = [a for a in bubbles.layout.annotations if a.y < 0][0]
    note_after = [a for a in out.layout.annotations if a.text == note_before.text][0]
    assert note_after.y * _plot_h(out) == pytest.approx(note_before.y * _plot_h(bubbles))
    source = out.layout.annotations[-1]
    assert source.text == SOURCE
    assert -source.y * _plot_h(out) == pytest.approx(bubbles.layout.margin.b + 4)
    assert bubbles.layout.title.text == "Bubbles"  # the original is untouched


def test_reframed_without_title_frees_the_title_block(bubbles):
    out = chart_images.reframed(bubbles, title="", subtitle="")
    assert out.layout.height == bubbles.layout.height - 50
    assert out.layout.margin.t == bubbles.layout.margin.t - 50
    assert not out.layout.title.text
    assert _px_from_top(out, out.layout.legend.y) == pytest.approx(6)


@pytest.mark.parametrize(("subtitle", "expected"), [
    ("Managers: <b>Ann</b> & Co", "Managers: &lt;b&gt;Ann&lt;/b&gt; &amp; Co"),
    ('=HYPERLINK("x")', "=HYPERLINK(&quot;x&quot;)"),
])
def test_reframed_escapes_text_from_the_data(bubbles, subtitle, expected):
    out = chart_images.reframed(bubbles, title=None, subtitle=subtitle, source=subtitle)
    assert out.layout.title.text == f"Bubbles<br><sup>{expected}</sup>"
    assert out.layout.annotations[-1].text == expected


@pytest.mark.parametrize(("quarter", "filters", "expected"), [
    ("2026Q3", "All clients", "2026Q3 · All clients"),
    (None, "All clients", "All clients"),
])
def test_export_subtitle(quarter, filters, expected):
    assert chart_images.export_subtitle(quarter, filters) == expected


@pytest.mark.parametrize(("title", "expected"), [
    ("Total cost by client and methods, 2026Q3<br><sup>All</sup>",
     "Total-cost-by-client-and-methods-2026Q3"),
    ("ООО Ромашка: cost &amp; value", "ООО-Ромашка-cost-value"),
    ("", "chart"),
])
def test_file_stem(title, expected):
    assert chart_images.file_stem(
        chart_images.title_of(go.Figure(layout={"title": {"text": title}}))) == expected


HISTORY = pd.DataFrame({
    "import_id": [3, 2, 1],
    "imported_at": pd.to_datetime(["2026-10-05 09:00", "2026-10-02 10:00", "2026-07-01 08:00"]),
    "file_names": ['["q3_b.csv"]', '["q3_a.xlsx", "q3_b.csv"]', '["q2.xlsx"]'],
    "quarters": ["2026Q3", "2026Q3", "2026Q2,2026Q3"],
    "status": ["active", "active", "replaced"],
})


@pytest.mark.parametrize(("quarter", "expected"), [
    ("2026Q3", "Source: q3_a.xlsx, q3_b.csv, imported 2026-10-05"),
    ("2026Q2", ""),  # its only import was replaced
    (None, "Source: q3_a.xlsx, q3_b.csv, imported 2026-10-05"),
])
def test_source_line(quarter, expected):
    assert chart_images.source_line(HISTORY, quarter) == expected


def test_source_line_of_an_empty_store():
    assert chart_images.source_line(HISTORY.iloc[0:0], "2026Q3") == ""


# ---- real images (the one renderer, /usr/bin/chromium) -----------------------------------------

def _png_size(data: bytes) -> tuple[int, int]:
    image = Image.open(io.BytesIO(data))
    image.verify()
    assert image.format == "PNG"
    return image.size


def _svg_size(data: bytes) -> tuple[int, int]:
    text = data.decode("utf-8")
    assert text.startswith("<svg")
    head = text[:text.index(">")]
    return (int(re.search(r'width="(\d+)"', head).group(1)),
            int(re.search(r'height="(\d+)"', head).group(1)))


@pytest.mark.parametrize(("fmt", "width", "height", "expected"), [
    ("png", 800, 450, (1600, 900)),
    ("svg", 800, 450, (800, 450)),
    ("png", 640, 640, (1280, 1280)),
])
def test_image_is_valid_at_the_size_asked(bubbles, fmt, width, height, expected):
    data = chart_images.image(bubbles, fmt, width=width, height=height)
    assert (_png_size(data) if fmt == "png" else _svg_size(data)) == expected
    assert chart_images.renderer_running()


def test_chart_file_is_16_by_9_with_title_subtitle_and_source(bubbles):
    svg = chart_images.chart_file(bubbles, "svg", subtitle="2026Q3 · Managers: Ann", source=SOURCE)
    height = bubbles.layout.height + 24 + 26
    assert _svg_size(svg) == (round(height * 16 / 9), height)
    text = svg.decode("utf-8")
    for expected in ("Bubbles", "2026Q3 · Managers: Ann", SOURCE):
        assert expected in text
    png = chart_images.chart_file(bubbles, "png", subtitle="x", source=SOURCE)
    assert _png_size(png) == (2 * round(height * 16 / 9), 2 * height)


def test_unknown_format_is_refused(bubbles):
    with pytest.raises(ValueError):
        chart_images.image(bubbles, "gif")


@pytest.mark.slow
def test_four_threads_each_get_their_own_image():
    def figure(i: int) -> go.Figure:
        return go.Figure(go.Bar(x=[1, 2, 3], y=[i, i + 1, i + 2]),
                         layout={"title": {"text": f"Thread chart {i}"}, "height": 300})

    results: dict[tuple[int, int], tuple[bytes, bytes]] = {}
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            for rnd in range(3):
                svg = chart_images.image(figure(i), "svg", width=500 + 10 * i, height=300)
                png = chart_images.image(figure(i), "png", width=500 + 10 * i, height=300)
                results[(i, rnd)] = (svg, png)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(120)
    assert not errors, errors
    assert len(results) == 12
    for (i, _), (svg, png) in results.items():
        text = svg.decode("utf-8")
        assert f"Thread chart {i}" in text
        assert all(f"Thread chart {j}" not in text for j in range(4) if j != i)
        assert _svg_size(svg) == (500 + 10 * i, 300)
        assert _png_size(png) == (2 * (500 + 10 * i), 600)


# ---- a browser missing, stuck or slow, an unusable image: a message, never a hang ----------

def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, "PNG")
    return out.getvalue()


def _raised_by(call, guard_s: float = 60) -> BaseException:
    """Return what ``call()`` raises, run in a thread so that a hang fails the test after
    ``guard_s`` instead of holding up the whole run (a hang guard, not a speed claim)."""
    raised: list[BaseException] = []

    def run() -> None:
        try:
            call()
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            raised.append(exc)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(guard_s)
    assert not worker.is_alive(), f"still waiting after {guard_s} s"
    assert raised, "nothing was raised"
    return raised[0]


@pytest.fixture
def fresh_renderer():
    """No renderer running before the test, none left behind by it."""
    chart_images.stop_renderer()
    yield
    chart_images.stop_renderer()


def test_without_a_browser_an_image_is_refused_at_once_naming_the_install(
        bubbles, monkeypatch, tmp_path, fresh_renderer):
    # kaleido takes BROWSER_PATH before anything else: pointed at nothing, there is no Chromium.
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-chromium"))
    assert chart_images.browser_path() is None
    error = _raised_by(lambda: chart_images.image(bubbles, "png", width=800, height=450))
    assert isinstance(error, MessageError)
    assert error.message.key == "render.no_browser"
    assert "apt-get install chromium" in str(error)
    assert chart_images.missing_browser().message == error.message
    assert not chart_images.renderer_running()


def _processes_running(marker: str) -> list[int]:
    """Return the ids of processes whose command line holds ``marker``."""
    found = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if marker.encode() in (proc / "cmdline").read_bytes():
                found.append(int(proc.name))
        except OSError:
            continue
    return found


@pytest.mark.slow
def test_a_browser_that_never_answers_is_given_up_and_killed(
        bubbles, monkeypatch, tmp_path, fresh_renderer):
    # A real process in the browser's place that never speaks the DevTools protocol, as a hung
    # Chromium would not: kaleido's own server waited for it for ever.
    browser = tmp_path / "stuck-chromium"
    browser.write_text("#!/bin/sh\nsleep 600\n")  # the shell and its sleep: one group
    browser.chmod(0o755)
    monkeypatch.setenv("BROWSER_PATH", str(browser))
    monkeypatch.setattr(settings, "RENDER_START_TIMEOUT_S", 2.0)
    error = _raised_by(lambda: chart_images.image(bubbles, "png", width=800, height=450))
    assert isinstance(error, MessageError)
    assert error.message.key == "render.start_timeout"
    assert error.message.fields == {"path": str(browser), "seconds": 2.0}
    assert not chart_images.renderer_running()
    assert _processes_running(str(browser)) == []


@pytest.mark.slow
def test_an_image_past_its_time_limit_is_stopped_and_the_next_one_is_made(
        bubbles, monkeypatch, fresh_renderer):
    monkeypatch.setattr(settings, "RENDER_IMAGE_TIMEOUT_S", 0.001)  # a real render takes longer
    error = _raised_by(lambda: chart_images.image(bubbles, "png", width=800, height=450))
    assert isinstance(error, MessageError)
    assert error.message.key == "render.image_timeout", str(error)
    monkeypatch.setattr(settings, "RENDER_IMAGE_TIMEOUT_S", 60.0)
    chart_images.stop_renderer()  # the limit is the renderer's from its start
    assert _png_size(chart_images.image(bubbles, "png", width=800, height=450)) == (1600, 900)


@pytest.mark.parametrize(("data", "fmt", "usable"), [
    (b"\x89PN", "png", False),                       # 3 bytes for a whole chart
    (_png(1600, 900)[:200], "png", False),           # cut short
    (_png(1600, 1), "png", False),                   # a strip, not the size asked
    (_png(1600, 900), "png", True),
    (_png(1601, 899), "png", True),                  # a pixel of rounding
    (b"<svg width='800'></svg>", "svg", True),
    (b"<svg width='800'><g>", "svg", False),
    (b"", "svg", False),
])
def test_an_unusable_image_is_an_error_with_a_message(data, fmt, usable):
    if usable:
        assert chart_images.usable_image(data, fmt, 1600, 900) == data
        return
    with pytest.raises(MessageError) as caught:
        chart_images.usable_image(data, fmt, 1600, 900)
    assert caught.value.message.fields == {"format": fmt.upper(), "size": len(data),
                                           "width": 1600, "height": 900}


@pytest.mark.parametrize(("width", "height", "scale", "expected"), [
    (800, 450, 2, 2),
    (8192, 100, 2, 2),                 # 16,384 px wide: just fits
    (1200, 8500, 2, 16384 / 8500),     # a strategy mix of 200 clients: 1.9275...
    (20000, 500, 2, 0.8192),
])
def test_the_scale_is_lowered_so_no_side_passes_the_limit(width, height, scale, expected):
    assert chart_images.image_scale(width, height, scale) == pytest.approx(expected, abs=1e-12)


@pytest.mark.slow
def test_a_very_tall_chart_comes_back_whole_at_the_largest_size_allowed():
    fig = go.Figure(go.Bar(x=list(range(200)), y=[f"Client {i}" for i in range(200)],
                           orientation="h"), layout={"height": 8500})
    png = chart_images.image(fig, "png", width=1200, height=8500)
    # 8,500 x 1.92753 = 16,384 px tall; 1,200 x 1.92753 = 2,313 px wide
    assert _png_size(png) == (2313, 16384)


def test_a_png_past_pils_bomb_limit_is_read_from_its_bytes():
    # 16,384 x 12,000 px: Chromium draws it whole, PIL would refuse to open it (179M pixels).
    big = _png(1, 1)
    header = big[:16] + struct.pack(">II", 16_384, 12_000) + big[24:]
    assert chart_images.usable_image(header, "png", 16_384, 12_000) == header
