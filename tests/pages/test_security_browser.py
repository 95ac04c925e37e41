"""Names holding HTML, Markdown or script render as plain text on every page: no dialog opens,
no request leaves the app's own server."""

from __future__ import annotations

import time

import pytest

from kam_analytics import ingest
from kam_analytics.store import open_store
from tests import browser as bs

pytestmark = pytest.mark.browser

EVIL_HOST = "203.0.113.9"  # TEST-NET-3: nothing answers there; a request to it is a leak
HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "<script>alert('x')</script> Ltd",
    f"**Bold** [click](http://{EVIL_HOST}/link)",
    f"![pixel](http://{EVIL_HOST}/p.png)",
    '=HYPERLINK("http://x","y")',
    ":red[Alarm] $x^2$ <b>bold</b>",
]


def hostile_csv() -> bytes:
    lines = ["Date,Client,Method,Cost,Hours,Value,Manager"]
    for i, name in enumerate(HOSTILE):
        quoted = '"' + name.replace('"', '""') + '"'
        manager = '"<i>' + name.replace('"', '""') + '</i>"'  # quotes doubled, as CSV needs
        lines.append(f"2026-07-{i + 1:02d},{quoted},Staff training,{100 * (i + 1)},2,3,"
                     f"{manager}")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = tmp_path_factory.mktemp("sec") / "kam.duckdb"
    store = open_store(db)
    ingest.run_import(store, [("hostile.csv", hostile_csv())])
    store.close()
    with bs.streamlit_server(db) as url:
        yield url


def test_hostile_names_render_as_text_everywhere(server, tmp_path):
    dialogs, leaks = [], []
    with bs.chromium() as browser:
        page = browser.new_page(viewport={"width": 1500, "height": 1400})
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda r: leaks.append(r.url) if not r.url.startswith(
            (server, "data:", "blob:", "about:")) else None)
        for path in ("", "client", "methods", "upload"):
            page.goto(f"{server}/{path}")
            page.wait_for_selector("h1", timeout=60_000)
            bs.idle(page)
            page.wait_for_timeout(1500)
            assert page.locator('img[src="x"]').count() == 0
            assert page.locator("script:text('alert')").count() == 0
        # The heatmap and its ranking show each hostile name as the text it is.
        page.goto(server)
        page.wait_for_selector(bs.HEATMAP, timeout=60_000)
        bs.idle(page)
        rows = page.locator(".kam-heatmap tbody th").all_inner_texts()
        assert set(HOSTILE) <= set(rows), rows
        # Pick each hostile client on the Client page: its name is shown literally.
        page.goto(f"{server}/client")
        page.wait_for_selector(".js-plotly-plot", timeout=60_000)
        picker = page.locator('[data-testid="stMain"] [data-testid="stSelectbox"] input').first
        for name in HOSTILE:
            picker.click()
            page.keyboard.type(name[:12])
            page.keyboard.press("Enter")
            bs.idle(page)
            page.wait_for_timeout(800)
            assert picker.input_value() == name
            # the chart is redrawn after the rerun (longer since the health strip): wait for it
            deadline = time.monotonic() + 30
            title = page.locator(".js-plotly-plot .gtitle").first.text_content()
            while not title.startswith(name) and time.monotonic() < deadline:
                page.wait_for_timeout(300)
                title = page.locator(".js-plotly-plot .gtitle").first.text_content()
            assert title.startswith(name), title
        # The upload page echoes bad cells in its messages: still text.
        bad = tmp_path / "bad <b>file.csv"
        bad.write_bytes(hostile_csv().replace(b",100,", f",![c](http://{EVIL_HOST}/c.png),"
                                              .encode()).replace(b"Staff training,200",
                                                                 b"<img src=x>,200"))
        page.goto(f"{server}/upload")
        page.get_by_text("Drop CSV or Excel files here").wait_for(timeout=60_000)
        bs.idle(page)
        page.set_input_files('[data-testid="stFileUploaderDropzoneInput"]', str(bad))
        page.get_by_text("cannot be imported yet").wait_for(timeout=60_000)
        page.wait_for_timeout(1000)
        body = page.inner_text("body")
        assert f"![c](http://{EVIL_HOST}/c.png)" in body
        assert "'<img src=x>'" in body
        assert page.locator('img[src="x"]').count() == 0
        page.close()
    assert dialogs == []
    assert leaks == [], leaks
