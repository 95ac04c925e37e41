"""The Board pack page and the per-chart downloads in Streamlit's AppTest.

Download buttons given a callable register it with Streamlit's media file manager and run it
only on click; the ``downloads`` fixture records what each button registered (wrapping the real
methods) so a test can click through: call it, and open what the user would get.
"""

from __future__ import annotations

import io
import json
import re
import zipfile

import openpyxl
import pytest
from PIL import Image
from pptx import Presentation
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from kam_analytics import settings
from kam_analytics.i18n import t
from kam_analytics.store import open_store


@pytest.fixture
def downloads(monkeypatch) -> dict[str, object]:
    """Return file name → what its download button serves (a callable or the bytes)."""
    served: dict[str, object] = {}
    add_deferred, add = MediaFileManager.add_deferred, MediaFileManager.add

    def deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        served[file_name] = data_callable
        return add_deferred(self, data_callable, mimetype, coordinates, file_name=file_name,
                            **kwargs)

    def static(self, data, mimetype, coordinates, file_name=None, **kwargs):
        served[file_name] = data
        return add(self, data, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", deferred)
    monkeypatch.setattr(MediaFileManager, "add", static)
    return served


def _page(page: str) -> AppTest:
    at = AppTest.from_file(str(settings.REPO_ROOT / "dashboard.py"), default_timeout=90)
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _names(db) -> list[str]:
    # Read-write like the app's own connection: DuckDB refuses a second configuration.
    store = open_store(db)
    dims = store.client_dimension()
    store.close()
    return dims["client"].tolist() + dims["manager"].dropna().unique().tolist()


@pytest.mark.slow
def test_board_pack_page_downloads_the_deck(sample_db, downloads):
    at = _page("pages/board_pack.py")
    # What changed, relationship health and Client economics too
    assert at.subheader[0].value == "13 slides: All 20 clients, 2026Q3"
    labels = [b.label for b in at.get("download_button")]
    assert labels[:2] == ["Download the slide deck (.pptx)", "Download the Excel report (.xlsx)"]
    assert "Download the deck as PDF" in labels
    data = downloads["kam-board-pack-2026Q3.pptx"]()
    prs = Presentation(io.BytesIO(data))
    assert len(prs.slides) == 13
    cover = [s.text_frame.text for s in prs.slides[0].shapes if s.has_text_frame]
    assert any(text.startswith("Source: kam_sample.xlsx, imported") for text in cover)


@pytest.mark.slow
def test_anonymised_pack_from_the_page_names_nobody(sample_db, downloads):
    at = _page("pages/board_pack.py")
    at.toggle(key="bp_anon").set_value(True).run()
    assert not at.exception
    labels = [b.label for b in at.get("download_button")]
    assert "Download the alias key (.csv)" in labels
    deck_bytes = downloads["kam-board-pack-2026Q3-anonymised.pptx"]()
    report_bytes = downloads["kam-board-pack-2026Q3-anonymised.xlsx"]()
    for data in (deck_bytes, report_bytes):
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            blobs = [z.read(n) for n in z.namelist()]
        assert not [n for n in _names(sample_db) if any(n.encode() in b for b in blobs)]
    key = downloads["kam-board-pack-2026Q3-anonymised-alias-key.csv"]().decode("utf-8-sig")
    assert key.splitlines()[1].startswith("client,Client A,")


@pytest.mark.slow
def test_a_pack_for_chosen_clients(sample_db, downloads):
    at = _page("pages/board_pack.py")
    at.radio(key="bp_scope").set_value("selection").run()
    assert at.info[-1].value == "Choose at least one client."  # under the sample notice
    assert not at.get("download_button")
    at.multiselect(key="bp_pick").select("Baltic Steel Works").run()
    assert not at.exception
    assert at.subheader[0].value == "10 slides: Baltic Steel Works, 2026Q3"
    prs = Presentation(io.BytesIO(downloads["kam-board-pack-2026Q3.pptx"]()))
    assert len(prs.slides) == 10


def _svg_size(svg: str) -> tuple[int, int]:
    head = svg[:svg.index(">")]
    return (int(re.search(r'width="(\d+)"', head).group(1)),
            int(re.search(r'height="(\d+)"', head).group(1)))


@pytest.mark.slow
def test_every_chart_downloads_as_png_and_svg_when_clicked(sample_db, downloads):
    at = _page("pages/heatmap.py")
    manager = at.sidebar.multiselect[0].options[0]
    at.sidebar.multiselect[0].select(manager).run()
    assert not at.exception
    labels = [b.label for b in at.get("download_button")]
    # one chart, the heatmap (drawn as a table on the page; its images are the figure's)
    assert labels.count("PNG") == labels.count("SVG") == 1 and not at.get("plotly_chart")
    png_name = next(n for n in downloads if n and n.endswith(".png"))
    assert callable(downloads[png_name])  # registered, drawn only when clicked
    svg = downloads[png_name.removesuffix(".png") + ".svg"]().decode("utf-8")
    assert f"2026Q3 · Managers: {manager}" in svg and "Total cost by client and methods" in svg
    assert re.search(r"Source: kam_sample\.xlsx, imported \d{4}-\d{2}-\d{2}", svg)
    width, height = _svg_size(svg)
    assert width == round(height * 16 / 9)
    png = Image.open(io.BytesIO(downloads[png_name]()))
    assert png.format == "PNG" and png.size == (2 * width, 2 * height)


@pytest.mark.parametrize("page", ["pages/client.py", "pages/methods.py"])
def test_other_pages_offer_chart_downloads(sample_db, downloads, page):
    at = _page(page)
    labels = [b.label for b in at.get("download_button")]
    assert labels.count("PNG") == len(at.get("plotly_chart")) >= 1


def test_the_clients_table_ticks_who_gets_a_slide(sample_db):
    # A yes/no column stays ticks: only real numbers get thousands separators.
    at = AppTest.from_file(str(settings.REPO_ROOT / "dashboard.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/board_pack.py").run()
    [table] = [d for d in at.dataframe if t("bp.col_slide") in d.value.columns]
    config = json.loads(table.proto.columns)
    assert "type_config" not in config.get(t("bp.col_slide"), {})  # only a width
    assert any("total" in c.lower() or "cost" in c.lower() for c in config)


@pytest.mark.parametrize("page", ["pages/board_pack.py", "pages/client.py"])
def test_without_chromium_the_pages_say_so_and_offer_what_can_be_made(
        sample_db, downloads, monkeypatch, page):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")  # a machine without it
    at = _page(page)
    said = [w.value for w in at.warning] + [c.value for c in at.caption]
    assert any("Chart images need Chromium, which was not found (/nonexistent/chromium)"
               in s and "apt-get install chromium" in s for s in said), said
    labels = [b.label for b in at.get("download_button")]
    assert not any(label.startswith(("PNG", "SVG")) for label in labels), labels
    if page == "pages/board_pack.py":
        assert t("bp.download_report") in labels
        assert t("bp.download_deck") not in labels and t("bp.download_pdf") not in labels


def test_a_what_if_set_on_its_page_goes_into_the_pack(two_quarters, downloads):
    # The two-quarter store (tests/pages/test_whatif.py): 10 % of the overinvested cells'
    # 2,260 = 226 moved to the efficient ones, at the assumed elasticity 0.3.
    at = _page("pages/whatif.py")
    at.slider(key="w_share").set_value(10).run()
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == t("bp.title")
    assert "whatif" in at.button_group(key="bp_sections").value
    assert any(c.value.startswith("Budget what-if: 10% of the cost of Overinvested cells moved "
                                  "to Efficient cells, elasticity 0.30") for c in at.caption)
    book = openpyxl.load_workbook(io.BytesIO(downloads["kam-board-pack-2026Q3.xlsx"]()))
    rows = list(book["Budget what-if"].values)
    moved = {(r[2], r[5]): r[8] for r in rows[1:]}
    assert moved[("Acme", "Site visits")] == pytest.approx(-156)
    assert sum(moved.values()) == pytest.approx(0)
