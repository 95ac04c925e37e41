"""Sign-in through a real OpenID Connect provider (oidc-provider-mock, its own process) with
Streamlit's own login, in headless Chromium: a director sees every account and the imports, a
manager only their own accounts by any path the page offers (heatmap, client list, a crafted
link, the matrix download), an analyst every account under aliases, and a stranger nothing."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import urllib.parse
import urllib.request

import pytest

from kam_analytics import sample
from tests import browser as browser_support

pytestmark = pytest.mark.browser
_idle = browser_support.idle

# The provider's users (their ID-token claims) and the access file's rules for them.
USERS = {
    "irina": {"email": "irina@example.com", "name": "Irina Director"},
    "anna": {"email": "anna@example.com", "name": "Anna Petrova"},
    "fin": {"email": "fin@example.com", "groups": ["finance"]},
    "stranger": {"email": "stranger@example.com"},
}
ACCESS = """
[[user]]
email = "irina@example.com"
role = "director"

[[user]]
email = "anna@example.com"
role = "manager"
managers = ["Anna Petrova"]

[[group]]
name = "finance"
role = "analyst"
"""
CLIENTS = sample.sample_frames()["clients"]
ANNAS = sorted(CLIENTS.loc[CLIENTS["manager"] == "Anna Petrova", "client"])
OTHERS = sorted(set(CLIENTS["client"]) - set(ANNAS))


@pytest.fixture(scope="module")
def provider():
    port = browser_support.free_port()
    command = [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1",
               "--port", str(port)]
    for sub, claims in USERS.items():
        command += ["--user-claims", json.dumps({"sub": sub, **claims})]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    browser_support.wait_until_up(proc, f"{url}/.well-known/openid-configuration",
                                  "the OIDC provider", timeout=30)
    yield url
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="module")
def server(seeded_db, provider, tmp_path_factory):
    folder = tmp_path_factory.mktemp("team")
    db = folder / "kam.duckdb"
    shutil.copy(seeded_db, db)
    secrets = folder / "secrets.toml"
    secrets.write_text(f"""[auth]
redirect_uri = "http://127.0.0.1:{{port}}/oauth2callback"
cookie_secret = "test-only-cookie-secret-0123456789abcdef"
client_id = "kam-analytics"
client_secret = "test-only-client-secret"
server_metadata_url = "{provider}/.well-known/openid-configuration"
""", encoding="utf-8")
    access = folder / "access.toml"
    access.write_text(ACCESS, encoding="utf-8")
    with (open(folder / "server.log", "wb") as log,
          browser_support.streamlit_server(db, args=("--secrets.files", str(secrets)),
                                           env={"KAM_ACCESS": str(access)}, log=log) as url):
        yield url


def signed_in(browser, server: str, sub: str):
    """Return a page of a new browser context (its own cookies) signed in as ``sub``."""
    context = browser.new_context(viewport={"width": 1400, "height": 1400},
                                  accept_downloads=True)
    page = context.new_page()
    page.goto(server)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/oauth2/authorize**", timeout=30_000)
    page.get_by_role("button", name=sub, exact=True).click()  # the provider's user list
    page.wait_for_url(f"{server}/**", timeout=30_000)
    _idle(page)
    return page


def heatmap_clients(page) -> list[str]:
    page.wait_for_selector(browser_support.HEATMAP, timeout=60_000)
    _idle(page)
    return sorted(page.locator(".kam-heatmap tbody th").all_inner_texts())


def nav_links(page) -> list[str]:
    return page.locator('[data-testid="stSidebarNav"] a').all_inner_texts()


def test_before_signing_in_nothing_is_shown(server, browser):
    page = browser.new_page()
    page.goto(server)
    page.get_by_role("button", name="Sign in").wait_for(timeout=60_000)
    _idle(page)
    text = page.inner_text("body")
    assert not [c for c in CLIENTS["client"] if c in text]
    assert page.locator(browser_support.HEATMAP).count() == 0
    page.close()


def test_a_director_sees_every_account_and_the_imports(server, browser):
    page = signed_in(browser, server, "irina")
    assert heatmap_clients(page) == sorted(CLIENTS["client"])
    assert "Signed in as irina@example.com: director, every account." in page.inner_text("body")
    assert "Upload & data" in " ".join(nav_links(page))
    # exports are written to the audit log under the director's name, which she can read
    with page.expect_download(timeout=60_000):
        page.get_by_role("button", name="Download the matrix (CSV)").click()
    _idle(page)
    page.goto(f"{server}/board_pack")
    page.get_by_role("button", name="Download the Excel report (.xlsx)").wait_for(timeout=60_000)
    _idle(page)
    with page.expect_download(timeout=120_000):
        page.get_by_role("button", name="Download the Excel report (.xlsx)").click()
    page.goto(f"{server}/upload")
    page.get_by_role("tab", name="Import history").click()
    page.get_by_text("Audit log").wait_for(timeout=60_000)
    _idle(page)
    page.get_by_text("Audit log").click()
    log = page.locator('[data-testid="stExpanderDetails"]').filter(has_text="Who imported")
    # the grid draws on a canvas; its cells are in the page for assistive technology
    cells = log.locator('[role="gridcell"]')
    cells.first.wait_for(state="attached", timeout=30_000)
    first, second = (cells.all_text_contents()[i:i + 4] for i in (0, 4))  # newest first
    assert first[1:3] == ["irina@example.com", "export"], first
    assert first[3].startswith("Excel report: 2026Q3, All 20 clients"), first
    assert second[1:] == ["irina@example.com", "export", "downloaded kam_matrix_2026Q3_method.csv"]
    page.context.close()


def test_a_manager_reaches_only_their_own_accounts(server, browser, tmp_path):
    page = signed_in(browser, server, "anna")
    assert heatmap_clients(page) == ANNAS
    body = page.inner_text("body")
    assert "Signed in as anna@example.com: manager, the accounts of Anna Petrova." in body
    assert not [c for c in OTHERS if c in body]
    assert "Upload & data" not in " ".join(nav_links(page))
    # the matrix download holds her clients' cells alone
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Download the matrix (CSV)").click()
    target = tmp_path / "matrix.csv"
    download.value.save_as(target)
    data = target.read_text(encoding="utf-8-sig")
    assert [c for c in ANNAS if c in data] == ANNAS and not [c for c in OTHERS if c in data]
    # a crafted link to another manager's client, and to the imports page
    other = OTHERS[0]
    page.goto(f"{server}/client?client={urllib.parse.quote(other)}")
    page.get_by_role("heading", name="Client").wait_for(timeout=60_000)
    _idle(page)
    assert other not in page.inner_text("body")
    options = page.get_by_role("combobox", name="Client")
    options.click()
    listed = page.get_by_role("option").all_inner_texts()
    assert sorted(listed) == ANNAS
    page.keyboard.press("Escape")
    page.goto(f"{server}/upload")
    _idle(page)
    assert "Drop" not in page.inner_text("body") and "Upload & data" not in " ".join(
        nav_links(page))
    page.context.close()


def test_an_analyst_sees_every_account_under_aliases(server, browser, tmp_path):
    page = signed_in(browser, server, "fin")
    shown = heatmap_clients(page)
    assert len(shown) == len(CLIENTS) and all(c.startswith("Client ") for c in shown)
    body = page.inner_text("body")
    assert "analyst, every account under aliases" in body
    names = set(CLIENTS["client"]) | set(CLIENTS["manager"])
    assert not [n for n in names if n in body]
    # the matrix download too, though a director (every account, the same filters) has
    # downloaded it from this server before: nothing cached for her reaches the analyst
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Download the matrix (CSV)").click()
    target = tmp_path / "matrix.csv"
    download.value.save_as(target)
    data = target.read_text(encoding="utf-8-sig")
    assert "Client A" in data and not [n for n in names if n in data]
    # a row opens its client's page under the same alias
    page.wait_for_selector(browser_support.CLICKABLE.format(key="heatmap"), timeout=60_000)
    page.locator(".kam-heatmap tbody td:not(.e)").first.click()
    page.wait_for_url("**/client", timeout=60_000)
    _idle(page)
    assert not [n for n in names if n in page.inner_text("body")]
    page.context.close()


def test_a_stranger_is_told_they_have_no_access(server, browser):
    page = signed_in(browser, server, "stranger")
    page.get_by_text("stranger@example.com has no access to KAM Analytics").wait_for(
        timeout=60_000)
    assert page.locator(browser_support.HEATMAP).count() == 0
    page.get_by_role("button", name="Sign out").click()
    # Streamlit signs out with the provider too (its end-session page); back at the app, the
    # sign-in button again
    page.wait_for_url("**/oauth2/end_session**", timeout=30_000)
    page.goto(server)
    page.get_by_role("button", name="Sign in").wait_for(timeout=60_000)
    page.context.close()
