"""The board pack and its deck: scope, slides, notes with the numbers, pictures inside their
slides, and no client's name where it must not be (anonymised, or a deck for one client)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from pptx import Presentation

from kam_analytics import cli
from kam_analytics.exports import deck
from kam_analytics.store import open_store
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
    store = open_store(seeded_db, read_only=True)
    dims = store.client_dimension()
    store.close()
    return dims["client"].tolist(), dims["manager"].dropna().unique().tolist()


# ---- the pack --------------------------------------------------------------------------------

def test_pack_defaults_to_the_latest_quarter_and_every_client(seeded_db, sample_names):
    pack = packs.store_pack(seeded_db)
    assert pack.quarter == "2026Q3"
    assert sorted(pack.clients) == sorted(sample_names[0])
    assert pack.scope_label == "All 20 clients"
    assert pack.aliases is None


def test_top_n_keeps_the_largest_spenders(seeded_db):
    everyone = packs.store_pack(seeded_db)
    top = packs.store_pack(seeded_db, scope="top", top=5)
    assert top.clients == everyone.clients[:5]
    assert top.scope_label == "Top 5 clients by total cost"
    # Quadrants and thresholds stay those of the whole portfolio.
    assert (top.cost_threshold, top.value_threshold) == (everyone.cost_threshold,
                                                         everyone.value_threshold)


def test_selection_keeps_only_the_chosen(seeded_db):
    pack = packs.store_pack(seeded_db, scope="selection", clients=("Northwind Foods",),
                       quarter="2026Q2")
    assert pack.quarter == "2026Q2"
    assert pack.clients == ["Northwind Foods"]
    assert pack.scope_label == "Northwind Foods"
    assert set(pack.matrix["client"]) == {"Northwind Foods"}
    assert set(pack.strategy_matrix["client"]) == {"Northwind Foods"}


@pytest.mark.parametrize(("options", "message"), [
    ({"quarter": "2031Q1"}, "No data for 2031Q1. Quarters with data: 2026Q2, 2026Q3."),
    ({"scope": "selection", "clients": ("Nobody Ltd",)},
     "No client named 'Nobody Ltd' in 2026Q3. Check the spelling."),
    ({"scope": "selection"}, "Choose at least one client."),
    ({"scope": "top", "top": 0}, "The number of top clients must be 1 or more."),
])
def test_pack_errors_say_what_is_wrong(seeded_db, options, message):
    with pytest.raises(deck.PackError) as err:
        packs.store_pack(seeded_db, **options)
    assert str(err.value) == message


@pytest.mark.parametrize(("options", "expected"), [
    ({}, 10),   # cover, 2 heatmaps (20 clients), quadrant, top cells, mix, 3 clients, appendix
    ({"client_slides": 0}, 7),
    ({"scope": "top", "top": 5, "sections": ("heatmap",)}, 2),
    ({"sections": ()}, 1),
    ({"scope": "top", "top": 4, "client_slides": 9, "sections": ("clients",)}, 5),
])
def test_slide_count_matches_the_slides(seeded_db, options, expected):
    pack = packs.store_pack(seeded_db, **options)
    assert deck.slide_count(pack) == expected
    assert len(deck.slides(pack)) == expected


def test_heatmap_runs_over_slides_of_ten_clients(seeded_db):
    pack = packs.store_pack(seeded_db, sections=("heatmap",))
    heatmaps = deck.slides(pack)[1:]
    assert [s.title for s in heatmaps] == [
        "Where the money goes: client by method (1 of 2)",
        "Where the money goes: client by method (2 of 2)"]
    shown = [list(s.figure.data[0].y) for s in heatmaps]
    assert shown == [pack.clients[:10], pack.clients[10:]]


# ---- notes carry the numbers (hand-computed in tests/datasets.py) -----------------------------

def test_notes_carry_the_numbers_behind_each_chart(small_db):
    pack = packs.store_pack(small_db, client_slides=1)
    notes = {s.title: s.notes for s in deck.slides(pack)}
    cover = notes["Key-account relationships: cost versus value"]
    # 5,900 + 290 + 120; money 5,200 (1,234.50 + 3,000 + 765.50 + 200 + 0); 18.5 h at 60.
    assert ("Total cost 6,310 EUR: money spent 5,200 EUR plus managers' time 1,110 EUR "
            "(18 hours at 60 EUR per hour).") in cover
    acme = notes["Acme Ltd: cost versus value"]
    assert "Staff training: 2,600 EUR, 10.0 hours, value 4.5, Strategic." in acme
    assert "Site visits: 3,300 EUR, 5.0 hours, value 2.0, Overinvested." in acme
    quadrant = notes["Cost versus value: every client and method"]
    assert "Overinvested: 1 cells, 3,300 EUR (52%)." in quadrant
    assert "Unrated: 1 cells, 290 EUR (5%)." in quadrant
    mix = notes["Strategy mix: each client's cost by strategy"]
    assert "Acme Ltd: 5,900 EUR — Personal trust 56%, Technical support 44%." in mix


def test_client_slide_key_figures(small_db):
    pack = packs.store_pack(small_db, client_slides=1)
    facts = dict(deck.slides(pack)[-2].facts)
    assert facts == {
        "Total cost": "5,900 EUR", "Money and managers' time": "5,000 EUR + 900 EUR",
        "Manager hours": "15", "Methods used": "2", "Mean value (1-5)": "3.2",
        "Spend overinvested": "56%", "Manager": "Ann", "Segment": "—"}


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
    assert len(prs.slides) == 10
    pictures = [sum(s.shape_type == 13 for s in slide.shapes) for slide in prs.slides]
    assert pictures == [0, 1, 1, 1, 0, 1, 1, 1, 1, 0]
    for slide in prs.slides:
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip()
    tables = [sum(s.has_table for s in slide.shapes) for slide in prs.slides]
    assert tables == [0, 0, 0, 0, 2, 0, 0, 0, 0, 0]
    appendix = " ".join(s.text_frame.text for s in prs.slides[-1].shapes if s.has_text_frame)
    assert "Reference selling" in appendix and "Personal trust" in appendix


def test_every_shape_lies_within_its_slide(sample_deck):
    prs = Presentation(io.BytesIO(sample_deck))
    for number, slide in enumerate(prs.slides, start=1):
        for shape in slide.shapes:
            assert _inside(shape, prs), (number, shape.name, shape.left, shape.top,
                                         shape.width, shape.height)


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


def test_anonymised_deck_names_no_client_and_no_manager(seeded_db, sample_names):
    clients, managers = sample_names
    pack = packs.store_pack(seeded_db, anonymise=True)
    data = deck.deck(pack)
    assert _leaks(data, clients + managers) == []
    # The pictures are drawn from aliased frames: no real name in any figure either.
    for s in deck.slides(pack):
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


def test_names_are_text_everywhere(tricky_db):
    pack = packs.store_pack(tricky_db, client_slides=3)
    slides = deck.slides(pack)
    titles = [s.figure.layout.title.text for s in slides if s.kind == "client"]
    assert "&lt;b&gt;Bold&lt;/b&gt; &amp; Co: cost versus value" in titles
    prs = Presentation(io.BytesIO(deck.deck(pack)))
    text = [sh.text_frame.text for slide in prs.slides for sh in slide.shapes
            if sh.has_text_frame]
    assert "<b>Bold</b> & Co: cost versus value" in text
    assert '=HYPERLINK("http://x","y"): cost versus value' in text


# ---- command line ----------------------------------------------------------------------------

def test_cli_writes_an_anonymised_deck_and_its_key(seeded_db, tmp_path, capsys, sample_names):
    out = tmp_path / "board.pptx"
    code = cli.main(["deck", "--db", str(seeded_db), "--top", "4", "--anonymise",
                     "--out", str(out)])
    assert code == cli.EXIT_OK
    printed = capsys.readouterr().out
    assert f"Wrote {out}: 9 slides, Top 4 clients by total cost, 2026Q3, anonymised." in printed
    key = tmp_path / "board.aliases.csv"
    assert key.exists()
    rows = pd.read_csv(key, encoding="utf-8-sig")
    assert rows["Alias"].tolist()[:4] == ["Client A", "Client B", "Client C", "Client D"]
    assert len(Presentation(str(out)).slides) == 9
    assert _leaks(out.read_bytes(), sample_names[0] + sample_names[1]) == []


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--quarter", "2031Q1", "--out", "{tmp}/d.pptx"], cli.EXIT_REJECTED,
     "No data for 2031Q1. Quarters with data: 2026Q2, 2026Q3."),
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


def test_cli_without_a_store(tmp_path, capsys):
    code = cli.main(["deck", "--db", str(tmp_path / "none.duckdb"), "--out",
                     str(tmp_path / "d.pptx")])
    assert code == cli.EXIT_REJECTED
    assert "import a file first" in capsys.readouterr().err


def test_cli_choices_are_the_decks():
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.dest == "command").choices["deck"]
    sections = next(a for a in sub._actions if a.dest == "sections")
    slides = next(a for a in sub._actions if a.dest == "client_slides")
    assert tuple(sections.choices) == deck.SECTIONS
    assert slides.default == deck.DEFAULT_CLIENT_SLIDES
