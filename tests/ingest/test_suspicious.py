"""Suspicious data over the whole upload: rows exported twice and client names that differ
only in case, spacing, punctuation or look-alike letters are flagged, never changed unasked."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kam_analytics import ingest
from kam_analytics.ingest import suspicious
from kam_analytics.ingest.batch import ClientVariants
from kam_analytics.store import open_store
from tests.corpus.build import csv_bytes, table
from tests.ingest.sheets_data import xlsx_bytes

HEADER = "Date,Client,Method,Cost,Hours,Manager"


def _csv(*rows: str) -> bytes:
    return "\n".join([HEADER, *rows]).encode()


def _warnings(batch: ingest.ImportBatch, fragment: str) -> list[str]:
    return [w.text() for w in batch.warnings if fragment in w.text()]


@pytest.mark.parametrize(("a", "b"), [
    ("Contoso GmbH", "CONTOSO GMBH"),
    ("Contoso GmbH", "Contoso  GmbH."),
    ("Contoso GmbH", "\u0421ontoso GmbH"),          # Cyrillic С
    ("OOO ROMASHKA", "\u041e\u041e\u041e ROMASHKA"),  # Cyrillic О
    ("TEHHO", "\u0422\u0415\u041d\u041dO"),        # Cyrillic Т, Е, Н, Н
])
def test_spellings_of_one_client_share_a_key(a, b):
    assert a != b
    assert suspicious.client_key(a) == suspicious.client_key(b)


def test_different_clients_keep_different_keys():
    assert suspicious.client_key("Contoso GmbH") != suspicious.client_key("Contoso AG")
    assert suspicious.client_key("Ромашка") != suspicious.client_key("Ромашки")


def test_rows_exported_twice_are_named_in_pairs_and_kept():
    rows = ["2026-07-01,A,Site visits,100,2,Ann", "2026-07-02,B,Site visits,50,1,Ann",
            "2026-07-03,C,Site visits,10,1,Bob"]
    batch = ingest.prepare_import([("t.csv", _csv(*rows, rows[0], rows[2], rows[0]))],
                                  isolate=False)
    assert len(batch.interactions) == 6  # all kept: two equal visits can be real
    (line,) = _warnings(batch, "identical")
    # rows 5 and 7 repeat row 2, row 6 repeats row 4 (header on row 1)
    assert "3 of 6 interactions are identical" in line
    assert "row 2 = row 5; row 4 = row 6; row 2 = row 7" in line


def test_a_row_differing_in_one_field_is_no_duplicate():
    batch = ingest.prepare_import([("t.csv", _csv("2026-07-01,A,Site visits,100,2,Ann",
                                                  "2026-07-01,A,Site visits,100,2,Bob"))],
                                  isolate=False)
    assert not _warnings(batch, "identical")


def test_duplicates_across_the_files_of_one_import_name_each_file():
    row = "2026-07-01,A,Site visits,100,2,Ann"
    batch = ingest.prepare_import([("a.csv", _csv(row)),
                                   ("b.xlsx", xlsx_bytes([HEADER.split(","),
                                                          row.split(",")]))], isolate=False)
    (line,) = _warnings(batch, "identical")
    assert "1 of 2 interactions is identical" in line
    assert "a.csv row 2 = b.xlsx row 2" in line


def test_duplicate_pairs_are_capped_with_a_count():
    rows = [f"2026-07-{d:02d},A,Site visits,1,1,Ann" for d in range(1, 13)]
    batch = ingest.prepare_import([("t.csv", _csv(*rows, *rows))], isolate=False)
    (line,) = _warnings(batch, "identical")
    assert "12 of 24 interactions" in line
    assert "row 9 = row 21" in line and "row 10 = row 22" not in line
    assert "and 4 more" in line  # 12 pairs, 8 shown



def test_the_hash_screen_keeps_every_repeated_row_as_pandas_compares_them():
    # missing values alike, 0.0 and -0.0 alike, NaN of any bits alike, categories by code
    rng = np.random.default_rng(7)
    n = 20_000
    frame = pd.DataFrame({
        "date": pd.to_datetime("2026-07-01") + pd.to_timedelta(rng.integers(0, 5, n), "D"),
        "client": pd.Categorical(rng.choice(["A", "B", None], n)),
        "cost": rng.choice([0.0, -0.0, 1.5, np.nan,
                            np.frombuffer(np.uint64(0x7FF8000000000001).tobytes())[0]], n),
        "hours": pd.array(rng.choice([1.0, 2.0, None], n), dtype="Float64"),
    })
    fields = list(frame.columns)
    exact = frame.duplicated(fields, keep=False).to_numpy()
    screen = suspicious.maybe_repeated(frame, fields)
    assert exact.sum() > 1000 and not (exact & ~screen).any()
    # unique rows pass the screen unless their hash collides: here none does
    unique = frame.drop_duplicates(fields)
    assert not suspicious.maybe_repeated(unique, fields).any()


VARIANTS = _csv("2026-07-01,Contoso GmbH,Site visits,1,1,Ann",
                "2026-07-02,Contoso GmbH,Site visits,1,1,Ann",
                "2026-07-03,CONTOSO GMBH,Site visits,1,1,Ann",
                "2026-07-04,\u0421ontoso GmbH,Site visits,1,1,Ann",
                "2026-07-05,Fabrikam,Site visits,1,1,Ann")


def test_client_variants_are_a_question_with_row_counts():
    batch = ingest.prepare_import([("t.csv", VARIANTS)], isolate=False)
    assert batch.ok  # the question does not block
    assert batch.client_variants == [ClientVariants("contoso gmbh", [
        ("Contoso GmbH", 2), ("CONTOSO GMBH", 1), ("\u0421ontoso GmbH", 1)])]
    (line,) = _warnings(batch, "look-alike")
    assert ("'Contoso GmbH' (2 rows) / 'CONTOSO GMBH' (1 row) / '\u0421ontoso GmbH' (1 row)"
            in line)
    assert "--map-client" in line
    assert batch.interactions["client"].nunique() == 4  # kept apart, as said


def test_a_client_mapping_merges_every_spelling_and_is_part_of_the_reading():
    batch = ingest.prepare_import([("t.csv", VARIANTS)], isolate=False,
                                  client_map={"contoso gmbh": "Contoso GmbH"})
    assert batch.interactions["client"].astype(str).tolist() == ["Contoso GmbH"] * 4 + [
        "Fabrikam"]
    assert batch.client_variants == []
    (line,) = _warnings(batch, "as mapped")
    assert "'CONTOSO GMBH' as Contoso GmbH; '\u0421ontoso GmbH' as Contoso GmbH" in line
    plain = ingest.prepare_import([("t.csv", VARIANTS)], isolate=False)
    assert batch.reading() != plain.reading()  # the same file read another way


def test_a_client_mapping_is_saved_and_applies_to_the_next_import(tmp_path):
    store = open_store(tmp_path / "kam.duckdb")
    out = ingest.run_import(store, [("t.csv", VARIANTS)],
                            client_map={"contoso gmbh": "Contoso GmbH"})
    assert store.mappings("client") == {"contoso gmbh": "Contoso GmbH"}
    assert sorted(store.interactions()["client"].unique()) == ["Contoso GmbH", "Fabrikam"]
    again = ingest.prepare_import(
        [("q4.csv", _csv("2026-10-01,contoso gmbh,Site visits,1,1,Ann"))], isolate=False,
        client_map=store.mappings("client"))
    assert again.interactions["client"].astype(str).tolist() == ["Contoso GmbH"]
    assert out.rows == 5
    store.close()


def test_the_isolated_check_returns_the_variants_and_applies_the_mapping():
    batch = ingest.prepare_import_isolated([("t.csv", VARIANTS)])
    assert batch.client_variants[0].spellings[0] == ("Contoso GmbH", 2)
    merged = ingest.prepare_import_isolated([("t.csv", VARIANTS)],
                                            client_map={"contoso gmbh": "CONTOSO"})
    assert set(merged.interactions["client"].astype(str)) == {"CONTOSO", "Fabrikam"}


def test_client_variants_count_rows_per_spelling():
    names = pd.Series(["a b", "A  B", "A.B.", "c"])
    rows = pd.Series([3, 5, 1, 9])
    (group,) = suspicious.client_variants(names, rows)
    assert group.spellings == [("A  B", 5), ("a b", 3), ("A.B.", 1)]
    assert group.key == "a b"


def test_variants_are_counted_over_the_files_of_one_import():
    rows = table({(3, "Client"): "ACME LTD"})
    batch = ingest.prepare_import([("t.xlsx", xlsx_bytes(rows)), ("u.csv", csv_bytes(rows))],
                                  isolate=False)
    assert batch.client_variants[0].spellings == [("ACME LTD", 2), ("Acme Ltd", 2)]
