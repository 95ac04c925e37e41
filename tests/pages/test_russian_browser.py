"""Every page in Russian in headless Chromium (a browser whose language is Russian opens the app
in Russian): no English word on the screen but the data's own names, product names and units,
the quarter written «3 кв. 2026», and the switch takes the session back to English."""

from __future__ import annotations

import re

import pytest

from kam_analytics import sample
from tests import browser as browser_support

pytestmark = pytest.mark.browser
PAGES = ["", "client", "methods", "valuations", "changes", "whatif", "economics", "health",
         "board_pack", "upload"]
# The words a Russian reader meets as they are: the data's own names (the sample's clients,
# managers and segments), products, formats and units, and the other language's own name.
DATA_WORDS = {w for c in sample.CLIENTS for name in (c.name, c.manager, c.segment)
              for w in re.findall(r"[A-Za-z]+", name)}
ALLOWED = DATA_WORDS | {"KAM", "Analytics", "CSV", "Excel", "PDF", "PNG", "SVG", "EUR", "TXT",
                        "TSV", "XLSX", "XLSM", "XLS", "XLSB", "ODS", "README", "English",
                        "pptx", "xlsx", "zip", "toml", "streamlit", "secrets", "auth"}
# The text a reader sees: text nodes shown at a readable size, outside icons (their names are
# ligatures drawn as pictures).
VISIBLE_TEXT = """() => {
  const out = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const el = walk.currentNode.parentElement;
    if (!el || el.closest('[data-testid="stIconMaterial"], [data-testid="stAlertDynamicIcon"], '
                         + 'script, style')) continue;
    const css = getComputedStyle(el);
    if (parseFloat(css.fontSize) < 1 || css.visibility === 'hidden'
        || el.getClientRects().length === 0) continue;
    out.push(walk.currentNode.textContent);
  }
  return out.join(' ');
}"""


def _completed(start: str) -> str:
    return next((w for w in sorted(DATA_WORDS) if w.startswith(start)), start)


def test_no_english_word_on_any_page_in_russian(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 1200}, locale="ru-RU")
    english = {}
    for path in PAGES:
        page.goto(f"{server}/{path}")
        browser_support.idle(page)
        page.wait_for_timeout(1500)  # charts drawn
        # a name cut short on an axis ("Marine Servic…") is checked as the whole of it
        text = re.sub(r"([A-Za-z]+)…", lambda m: _completed(m.group(1)),
                      page.evaluate(VISIBLE_TEXT))
        words = set(re.findall(r"(?<![\w.-])[A-Za-z]{3,}(?![\w-])", text))
        if words - ALLOWED:
            english[path or "heatmap"] = sorted(words - ALLOWED)
    assert not english


def test_the_switch_keeps_the_session_in_the_language_chosen(server, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 1200}, locale="ru-RU")
    page.goto(server)
    browser_support.idle(page)
    page.get_by_role("heading", name="Тепловая карта портфеля").wait_for(timeout=60_000)
    quarter = page.get_by_role("combobox", name="Квартал").input_value()
    assert quarter.replace("\u00a0", " ") == "3 кв. 2026"
    page.get_by_text("English", exact=True).click()
    page.get_by_role("heading", name="Portfolio heatmap").wait_for(timeout=60_000)
    page.get_by_role("link", name="Methods").click()  # another page, the same session
    page.get_by_role("heading", name="Methods").wait_for(timeout=60_000)
    browser_support.idle(page)
    assert page.get_by_role("combobox", name="Quarter").input_value() == "2026Q3"


def test_files_made_on_a_click_are_in_the_sessions_language(server, browser, tmp_path):
    # A download's file is made after the run, outside it: the deck came out in English.
    from pptx import Presentation

    page = browser.new_page(viewport={"width": 1280, "height": 1200}, locale="ru-RU",
                            accept_downloads=True)
    page.goto(f"{server}/board_pack")
    browser_support.idle(page)
    with page.expect_download(timeout=180_000) as info:
        page.get_by_role("button", name="Скачать презентацию (.pptx)").click()
    path = tmp_path / "deck.pptx"
    info.value.save_as(path)
    prs = Presentation(str(path))
    assert prs.core_properties.title == "Пакет для правления, 3\u00a0кв.\u00a02026"
    cover = [s.text_frame.text for s in prs.slides[0].shapes if s.has_text_frame]
    assert "Отношения с ключевыми клиентами: затраты и ценность" in cover


def test_a_manager_does_the_loop_in_russian(browser, tmp_path):
    # A Russian file with decimal commas and a label no method has: the question is answered
    # by typing the method's English name (the choices name both), the import says what it
    # read in Russian, and the heatmap's tiles hold the hand-computed figures: 1,234.50 +
    # 3,000 + 800 + 200 = 5,234.50 of money and 15.5 hours at 60 (930): 6,164.50 in all.
    data = tmp_path / "квартал.csv"
    data.write_text("Дата;Клиент;Метод;Затраты;Часы;Оценка;Менеджер\n"
                    "03.07.2026;ООО Ромашка;Подготовка персонала;1234,50;6;4;Анна\n"
                    "15.07.2026;ООО Ромашка;Посещения предприятий;3000;5;2;Анна\n"
                    "01.08.2026;АО Вектор;Семинар для закупщиков;800;3;5;Борис\n"
                    "20.08.2026;АО Вектор;Надёжная доставка;200;1,5;;Борис\n", encoding="utf-8")
    with browser_support.streamlit_server(tmp_path / "kam.duckdb") as url:
        page = browser.new_page(viewport={"width": 1280, "height": 1000}, locale="ru-RU")
        page.goto(f"{url}/upload")
        page.get_by_text("Перетащите сюда файлы CSV или Excel").wait_for(timeout=60_000)
        browser_support.idle(page)
        page.set_input_files('[data-testid="stFileUploaderDropzoneInput"]', str(data))
        question = page.locator('[data-testid="stSelectbox"]').filter(
            has_text="«Семинар для закупщиков»")
        question.wait_for(timeout=60_000)
        browser_support.idle(page)
        question.locator("input").click()
        page.keyboard.type("Staff training")
        option = page.get_by_role("option")
        assert option.inner_text() == ("Подготовка персонала · Staff training — "
                                       "Техническая поддержка")
        option.click()
        browser_support.idle(page)
        page.get_by_role("button", name="Импортировать").click()
        page.get_by_text(re.compile(r"Импорт №1: взаимодействий — 4, клиентов — 2, "
                                    r"кварталы 3\sкв\.\s2026")).wait_for(timeout=60_000)
        page.goto(url)
        page.wait_for_selector(browser_support.HEATMAP, timeout=60_000)
        browser_support.idle(page)
        # the heatmap, drawn as HTML, can be in the page a moment before the five tiles
        page.locator('[data-testid="stMetricValue"]').nth(4).wait_for(timeout=30_000)
        tiles = [t.replace("\u00a0", " ") for t in page.locator(
            '[data-testid="stMetricValue"]').all_inner_texts()]
        assert tiles[:2] == ["2", "6 164"]
