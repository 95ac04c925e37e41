"""The .pptx: it reopens with its slides, pictures inside their slides, deliberate properties,
and no client's name where it must not be (anonymised, or a deck for one client)."""

from __future__ import annotations

import ast
import functools
import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from pptx import Presentation

from kam_analytics import cli, i18n, sample, settings
from kam_analytics.exports import deck, slides
from tests import packs

TODAY = packs.TODAY
TRICKY = ['=HYPERLINK("http://x","y")', "<b>Bold</b> & Co", "Plain Ltd"]


@pytest.fixture(scope="module")
def tricky_db(tmp_path_factory) -> Path:
    """Clients whose names are a formula and HTML."""
    csv = ("Date,Client,Method,Cost,Hours,Value,Manager\n"
           '2026-07-01,"=HYPERLINK(""http://x"",""y"")",Staff training,900,1,4,@Mgr\n'
           "2026-07-02,<b>Bold</b> & Co,Site visits,300,2,2,Ann\n"
           "2026-07-03,Plain Ltd,Site visits,50,1,5,Ann\n")
    return packs.store_from_csv(tmp_path_factory.mktemp("tricky") / "kam.duckdb", csv.encode())


@pytest.fixture(scope="module")
def sample_names(seeded_db) -> tuple[list[str], list[str]]:
    return packs.sample_names(seeded_db)


# ---- the .pptx -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample_deck(seeded_db) -> bytes:
    return deck.deck(packs.store_pack(seeded_db))


def _inside(shape, prs) -> bool:
    return (shape.left >= 0 and shape.top >= 0
            and shape.left + shape.width <= prs.slide_width
            and shape.top + shape.height <= prs.slide_height)


def test_deck_reopens_with_slides_pictures_and_notes(sample_deck):
    prs = Presentation(io.BytesIO(sample_deck))
    assert prs.slide_width / prs.slide_height == pytest.approx(16 / 9, rel=1e-3)
    assert len(prs.slides) == 13  # 2026Q2 before 2026Q3: What changed; health after it
    pictures = [sum(s.shape_type == 13 for s in slide.shapes) for slide in prs.slides]
    assert pictures == [0, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 0]  # the whale curve after the mix
    for slide in prs.slides:
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip()
    tables = [sum(s.has_table for s in slide.shapes) for slide in prs.slides]
    assert tables == [0, 0, 0, 0, 2, 2, 2, 0, 0, 0, 0, 0, 0]
    appendix = " ".join(s.text_frame.text for s in prs.slides[-1].shapes if s.has_text_frame)
    assert "Reference selling" in appendix and "Personal trust" in appendix


def test_every_shape_lies_within_its_slide(sample_deck):
    prs = Presentation(io.BytesIO(sample_deck))
    for number, slide in enumerate(prs.slides, start=1):
        for shape in slide.shapes:
            assert _inside(shape, prs), (number, shape.name, shape.left, shape.top,
                                         shape.width, shape.height)


def _texts(slide) -> list[str]:
    """Return every text on a slide: its text boxes and each table cell."""
    out = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if shape.has_table:
            out += [cell.text for row in shape.table.rows for cell in row.cells]
    return out


def test_no_text_of_the_sample_deck_is_cut(sample_deck):
    # Headers such as "Total cost (EUR)" were cut to "Total cost (…", subtitles ending in the
    # thresholds to "value 4…", a client's money and time to "57,118 EUR + 8,835 E…".
    prs = Presentation(io.BytesIO(sample_deck))
    cut = [(number, text) for number, slide in enumerate(prs.slides, start=1)
           for text in _texts(slide) if "…" in text]
    assert cut == []
    headers = [cell.text for slide in prs.slides for shape in slide.shapes if shape.has_table
               for cell in shape.table.rows[0].cells]
    assert headers[:7] == ["Client", "Method", "Strategy", "Total cost (EUR)", "Hours",
                           "Value (1-5)", "% of client"]


def test_table_columns_are_as_wide_as_their_headers_and_values():
    frame = pd.DataFrame({"Client": ["A very long client name indeed Ltd", "B"],
                          "Total cost (EUR)": ["1", "22"], "Hours": ["1,234,567.5", "1"]})
    numeric = (False, True, True)
    widths = deck.column_widths([frame], 6.0, numeric)
    assert sum(widths) == pytest.approx(6.0)
    pad = 2 * deck._CELL_PAD
    # numeric columns: the wider of the bold header and the longest value, and no more
    assert widths[1] == pytest.approx(deck.text_width("Total cost (EUR)", 11, True)
                                      / deck._WRAP_SAFETY + pad)
    assert widths[2] == pytest.approx(deck.text_width("1,234,567.5", 11)
                                      / deck._WRAP_SAFETY + pad)
    assert widths[0] == pytest.approx(6.0 - widths[1] - widths[2])  # the text column, the rest
    narrow = deck.column_widths([frame], 3.0, numeric)
    assert narrow[1:] == widths[1:]  # short of room: only text columns give it up
    assert deck.clipped(frame.iloc[0, 0], narrow[0] - pad, 11).endswith("…")


@pytest.mark.parametrize(("text", "size", "lines", "whole"), [
    ("Prompt response to requests and complaints", 11, 2, True),
    ("Prompt response to requests and complaints", 11, 1, False),
    ("Reduce the account's uncertainty about the supplier and its products and services",
     10, 3, True),
    ("Reduce the account's uncertainty about the supplier and its products and services",
     10, 2, False),
])
def test_text_is_cut_only_past_its_lines(text, size, lines, whole):
    # The appendix's columns are 2.3 inches wide: a method at 11 pt, a goal at 10 pt.
    out = deck.fitted(text, 2.3, size, lines=lines)
    assert (out == text) is whole
    assert len(deck.wrapped_lines(out, 2.3 * deck._WRAP_SAFETY, size)) <= lines


def test_pictures_are_16_by_9_fitted_pngs_with_alt_text(sample_deck):
    prs = Presentation(io.BytesIO(sample_deck))
    from PIL import Image

    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.shape_type != 13:
                continue
            descr = shape._element.nvPicPr.cNvPr.get("descr")
            assert descr.startswith("Chart: ") and not descr.endswith(".png")
            image = Image.open(io.BytesIO(shape.image.blob))
            assert image.format == "PNG"
            # The picture keeps its pixels' proportions (no stretching).
            assert image.size[0] / image.size[1] == pytest.approx(
                shape.width / shape.height, rel=0.01)


def test_document_properties_are_set_deliberately(sample_deck):
    prs = Presentation(io.BytesIO(sample_deck))
    props = prs.core_properties
    assert props.title == "Board pack 2026Q3"
    assert props.author == "KAM Analytics" and props.last_modified_by == "KAM Analytics"
    assert props.subject == "All 20 clients"
    assert props.comments == "" and props.keywords == ""
    app = zipfile.ZipFile(io.BytesIO(sample_deck)).read("docProps/app.xml")
    assert b"4:3" not in app and b"Steve" not in app


# ---- in Russian ------------------------------------------------------------------------------

def _in_russian(make):
    token = i18n.set_language("ru")
    try:
        return make()
    finally:
        i18n.reset_language(token)


@pytest.fixture(scope="module")
def russian_deck(seeded_db) -> bytes:
    return _in_russian(lambda: deck.deck(packs.store_pack(seeded_db)))


def _everything_read(prs) -> list[str]:
    """Return every text of a deck a reader or a screen reader meets: boxes, table cells,
    notes, pictures' alt text and the document's properties."""
    props = prs.core_properties
    out = [props.title, props.subject, props.author]
    for slide in prs.slides:
        out += _texts(slide) + [slide.notes_slide.notes_text_frame.text]
        out += [sh._element.nvPicPr.cNvPr.get("descr") for sh in slide.shapes
                if sh.shape_type == 13]
    return out


# The words a Russian reader meets as they are: the sample's names, products and units.
_AS_THEY_ARE = {w for c in sample.CLIENTS for name in (c.name, c.manager, c.segment)
                for w in re.findall(r"[A-Za-z]+", name)} | {"KAM", "Analytics", "EUR", "xlsx"}


def test_a_russian_deck_is_in_russian_on_every_slide_note_and_picture(russian_deck):
    prs = Presentation(io.BytesIO(russian_deck))
    assert len(prs.slides) == 13
    english = {w for text in _everything_read(prs)
               for w in re.findall(r"(?<![\w.])[A-Za-z]{3,}(?!\w)", text)} - _AS_THEY_ARE
    assert english == set()
    props = prs.core_properties
    assert props.title == "Пакет для правления, 3\u00a0кв.\u00a02026"
    assert props.subject == "Все клиенты (20)" and props.language == "ru-RU"
    alts = [sh._element.nvPicPr.cNvPr.get("descr") for slide in prs.slides
            for sh in slide.shapes if sh.shape_type == 13]
    assert len(alts) == 8 and all(a.startswith("График: ") for a in alts)
    cover = " ".join(_texts(prs.slides[0]))
    assert "Подготовлено 15\u00a0октября 2026\u00a0г." in cover
    assert "3\u00a0кв.\u00a02026" in " ".join(_texts(prs.slides[1]))  # the footer's quarter
    assert not [t for t in _texts(prs.slides[0]) + _texts(prs.slides[-1]) if "…" in t]
    # the top cells' longer Russian method names take two lines where they would be cut
    assert not [t for t in _texts(prs.slides[4]) if "…" in t]
    assert "Бесплатные или льготные опробования" in _texts(prs.slides[4])


def _as_number(text: str, lang: str) -> float | None:
    thousands, point = {"en": (",", "."), "ru": ("\u00a0", ",")}[lang]
    plain = text.replace(thousands, "").replace(point, ".").replace("\u00a0%", "%")
    return float(plain.rstrip("%")) if re.fullmatch(r"[+-]?\d+(\.\d+)?%?", plain) else None


def test_a_russian_decks_tables_hold_the_english_decks_figures(sample_deck, russian_deck):
    pairs = 0
    for en_slide, ru_slide in zip(Presentation(io.BytesIO(sample_deck)).slides,
                                  Presentation(io.BytesIO(russian_deck)).slides, strict=True):
        en_tables = [sh.table for sh in en_slide.shapes if sh.has_table]
        ru_tables = [sh.table for sh in ru_slide.shapes if sh.has_table]
        assert len(en_tables) == len(ru_tables)
        for en, ru in zip(en_tables, ru_tables, strict=True):
            for en_row, ru_row in zip(list(en.rows)[1:], list(ru.rows)[1:], strict=True):
                for a, b in zip(en_row.cells, ru_row.cells, strict=True):
                    if _as_number(a.text, "en") is not None:
                        assert _as_number(b.text, "ru") == _as_number(a.text, "en")
                        pairs += 1
    assert pairs > 60  # the top cells, changes, health and what-if tables


def test_a_russian_client_slide_shows_the_hand_computed_figures(small_db):
    # Acme Ltd: 5,000 of money and 15 hours at 60 (900): 5,900 in all, 2 methods; site visits
    # (3,000 + 5 h = 3,300) overinvested: 3,300 / 5,900 = 56 % spent where little is valued.
    prs = Presentation(io.BytesIO(_in_russian(lambda: deck.deck(packs.store_pack(small_db)))))
    acme = next(_texts(s) for s in prs.slides if "Acme Ltd: затраты и ценность" in _texts(s))
    first = acme.index("Полные затраты")
    facts = dict(zip(acme[first::2], acme[first + 1::2], strict=True))
    assert facts["Полные затраты"] == "5\u00a0900 EUR"
    assert facts["Деньги и время менеджеров"] == "5\u00a0000 EUR + 900 EUR"
    assert facts["Часы менеджеров"] == "15" and facts["Методов применяется"] == "2"
    assert facts["Лишние затраты"] == "56\u00a0%"


# ---- nothing leaks ---------------------------------------------------------------------------

def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def _leaks(data: bytes, names: list[str]) -> list[tuple[str, str]]:
    """Return (part, name) for every real name found in any part, raw or XML-escaped."""
    found = []
    for part, blob in _parts(data).items():
        for name in names:
            forms = {name, name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")}
            if any(f.encode("utf-8") in blob for f in forms):
                found.append((part, name))
    return found


@pytest.mark.slow
def test_anonymised_deck_names_no_client_and_no_manager(seeded_db, sample_names):
    clients, managers = sample_names
    pack = packs.store_pack(seeded_db, anonymise=True)
    data = deck.deck(pack)
    assert _leaks(data, clients + managers) == []
    # The pictures are drawn from aliased frames: no real name in any figure either.
    for s in slides.slides(pack):
        if s.figure is not None:
            spec = s.figure.to_json()
            assert not [n for n in clients + managers if n in spec or
                        n.encode("unicode_escape").decode() in spec]
    prs = Presentation(io.BytesIO(data))
    text = " ".join(sh.text_frame.text for slide in prs.slides for sh in slide.shapes
                    if sh.has_text_frame)
    assert "Client A: cost versus value" in text
    assert "Manager A" in text
    largest = packs.store_pack(seeded_db).clients[0]
    assert pack.aliases.clients[largest] == "Client A"


def test_a_deck_for_one_client_names_no_other(seeded_db, sample_names):
    clients, managers = sample_names
    pack = packs.store_pack(seeded_db, scope="selection", clients=("Baltic Steel Works",))
    data = deck.deck(pack)
    own_manager = pack.matrix["manager"].iloc[0]
    others = [c for c in clients if c != "Baltic Steel Works"]
    assert _leaks(data, others + [m for m in managers if m != own_manager]) == []
    assert _leaks(data, ["Baltic Steel Works"]) != []


@pytest.mark.slow
def test_names_are_text_everywhere(tricky_db):
    pack = packs.store_pack(tricky_db, client_slides=3)
    shown = slides.slides(pack)
    titles = [s.figure.layout.title.text for s in shown if s.kind == "client"]
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; Co: cost versus value" in titles
    prs = Presentation(io.BytesIO(deck.deck(pack)))
    text = [sh.text_frame.text for slide in prs.slides for sh in slide.shapes
            if sh.has_text_frame]
    assert "<b>Bold</b> & Co: cost versus value" in text
    assert '=HYPERLINK("http://x","y"): cost versus value' in text


# ---- command line ----------------------------------------------------------------------------

@pytest.mark.slow
def test_cli_writes_an_anonymised_deck_and_its_key(seeded_db, tmp_path, capsys, sample_names):
    out = tmp_path / "board.pptx"
    code = cli.main(["deck", "--db", str(seeded_db), "--top", "4", "--anonymise",
                     "--out", str(out)])
    assert code == cli.EXIT_OK
    printed = capsys.readouterr().out
    # with What changed since 2026Q2, relationship health and Client economics
    assert f"Wrote {out}: 12 slides, Top 4 clients by total cost, 2026Q3, anonymised." in printed
    key = tmp_path / "board.aliases.csv"
    assert key.exists()
    rows = pd.read_csv(key, encoding="utf-8-sig")
    assert rows["Alias"].tolist()[:4] == ["Client A", "Client B", "Client C", "Client D"]
    assert len(Presentation(str(out)).slides) == 12
    assert _leaks(out.read_bytes(), sample_names[0] + sample_names[1]) == []


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--quarter", "2031Q1", "--out", "{tmp}/d.pptx"], cli.EXIT_REJECTED,
     "No data for 2031Q1. Quarters with data: 2026Q1, 2026Q2, 2026Q3."),
    (["--clients", "Nobody", "--out", "{tmp}/d.pptx"], cli.EXIT_REJECTED,
     "No client named 'Nobody' in 2026Q3."),
    (["--out", "{tmp}/d.ppt"], cli.EXIT_USAGE, "the file name must end in .pptx"),
    (["--out", "{tmp}/missing/d.pptx"], cli.EXIT_USAGE, "there is no folder"),
])
def test_cli_deck_refusals(seeded_db, tmp_path, capsys, args, code, message):
    argv = ["deck", "--db", str(seeded_db)] + [a.format(tmp=tmp_path) for a in args]
    assert cli.main(argv) == code
    assert message in capsys.readouterr().err
    assert not list(tmp_path.glob("*.pptx"))


def test_cli_without_chromium_fails_at_once_saying_what_to_install(seeded_db, tmp_path):
    # A machine without Chromium, made real: kaleido takes BROWSER_PATH first, and it names
    # nothing. The Excel report needs no browser and is still written.
    env = {**os.environ, "BROWSER_PATH": str(tmp_path / "no-chromium"), "PYTHONPATH": "."}
    run = functools.partial(subprocess.run, capture_output=True, text=True, env=env,
                            cwd=settings.REPO_ROOT, timeout=120)  # a hang fails, not waits
    out = tmp_path / "d.pptx"
    done = run([sys.executable, "-m", "kam_analytics", "deck", "--db", str(seeded_db),
                "--out", str(out)])
    assert done.returncode == cli.EXIT_REJECTED
    assert "Chart images need Chromium" in done.stderr
    assert "sudo apt-get install chromium" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()
    done = run([sys.executable, "-m", "kam_analytics", "report", "--db", str(seeded_db),
                "--out", str(tmp_path / "r.xlsx")])
    assert done.returncode == cli.EXIT_OK, done.stderr
    assert (tmp_path / "r.xlsx").stat().st_size > 0


def test_cli_without_a_store(tmp_path, capsys):
    code = cli.main(["deck", "--db", str(tmp_path / "none.duckdb"), "--out",
                     str(tmp_path / "d.pptx")])
    assert code == cli.EXIT_REJECTED
    assert "import a file first" in capsys.readouterr().err


# ---- built from the pack alone ---------------------------------------------------------------

@pytest.mark.parametrize("module", [deck, slides])
def test_slides_and_deck_cannot_read_the_store(module):
    # Only the pack reads the store; what draws the deck can reach no other client's data.
    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    imported = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    imported |= {a.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                 for a in node.names}
    reach = [m for m in imported if m and (m.startswith("kam_analytics.store")
                                           or m == "kam_analytics.analysis.query"
                                           or m == "duckdb")]
    assert reach == []
    assert "matrix_for" not in vars(module) and "Store" not in vars(module)


# ---- a portfolio of 2,000 clients ------------------------------------------------------------
@pytest.mark.slow
def test_a_deck_and_report_for_2000_clients(tmp_path, capsys, monkeypatch):
    import time

    import openpyxl
    from PIL import Image

    from benchmarks import synthetic
    from kam_analytics.exports import report

    frame = synthetic.synthetic_quarter(20_000, clients=2000)
    db = packs.store_from_csv(tmp_path / "kam.duckdb", frame.to_csv(index=False).encode())
    started = time.perf_counter()
    pack = packs.store_pack(db)
    data = deck.deck(pack)
    seconds = time.perf_counter() - started
    with capsys.disabled():
        print(f"\n2,000-client deck: {slides.slide_count(pack)} slides, {len(data) / 1e6:.1f} MB,"
              f" built in {seconds:.1f} s (pack included)")
    prs = Presentation(io.BytesIO(data))
    assert len(prs.slides) == slides.slide_count(pack)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)  # read what was drawn, however large
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.shape_type == 13:  # every picture whole, within the renderer's limits
                with Image.open(io.BytesIO(shape.image.blob)) as picture:
                    picture.load()
                    assert max(picture.size) <= settings.MAX_IMAGE_PX
    book = openpyxl.load_workbook(io.BytesIO(report.report(pack)), read_only=True)
    assert book["Clients"].max_row == 2001  # a header and every client


def test_short_of_room_the_widest_text_column_gives_it_up_first():
    # The health slide's "Overall" was cut to "Ove…" when a long list of measures shared the
    # shortage with it in proportion; now the short columns keep their width.
    frame = pd.DataFrame({"Client": ["Kestrel Automotive Components"], "Overall": ["✖ Red"],
                          "Measures in the red": ["Promises kept 70%; " * 12]})
    numeric = (False, False, False)
    natural = [deck.column_widths([frame[[c]]], 100.0, (False,))[0] for c in frame]
    widths = deck.column_widths([frame], 8.0, numeric)
    assert sum(widths) == pytest.approx(8.0)
    pad = 2 * deck._CELL_PAD
    assert widths[0] == pytest.approx(deck.text_width("Kestrel Automotive Components", 11)
                                      / deck._WRAP_SAFETY + pad)
    assert widths[1] == pytest.approx(deck.text_width("Overall", 11, True)
                                      / deck._WRAP_SAFETY + pad)
    assert widths[2] == pytest.approx(8.0 - widths[0] - widths[1]) and widths[2] < natural[2]
