"""An import's reading: how its files were read, kept with it, so the same files read another
way (a corrected mapping, another currency rate) are a new import, and the reading is shown."""

from __future__ import annotations

import pytest

from kam_analytics import ingest
from kam_analytics.store import NeedsDecision, open_store

# Three interactions whose time column holds minutes: 60 + 90 + 30 = 180 minutes = 3 hours.
MINUTES_CSV = (
    b"Date,Client,Method,Cost,Time\n"
    b"2026-07-01,Acme,Site visits,100,60\n"
    b"2026-07-02,Acme,Staff training,200,90\n"
    b"2026-07-03,Bolt,Site visits,50,30\n")


def hours_stored(store) -> float:
    return float(store.interactions()["hours"].sum())


def test_a_corrected_mapping_replaces_the_import_and_restore_still_works(tmp_path):
    store = open_store(tmp_path / "kam.duckdb")
    files = [("q3.csv", MINUTES_CSV)]
    first = ingest.run_import(store, files)
    assert hours_stored(store) == 180.0  # 'Time' read as hours: the mistake to correct
    with pytest.raises(NeedsDecision):  # a new reading, not "unchanged"
        ingest.run_import(store, files, header_map={"time": "hours_minutes"})
    second = ingest.run_import(store, files, header_map={"time": "hours_minutes"},
                               mode="replace")
    assert (second.status, second.replaced) == ("imported", [first.import_id])
    assert hours_stored(store) == pytest.approx(3.0)
    # Read the corrected way again: unchanged (the saved mapping now applies by itself).
    assert ingest.run_import(store, files).status == "unchanged"
    assert store.restore_import(first.import_id) == [second.import_id]
    assert hours_stored(store) == 180.0
    store.restore_import(second.import_id)
    assert hours_stored(store) == pytest.approx(3.0)
    store.close()


def test_the_reading_names_each_tables_columns_and_the_mapped_labels():
    batch = ingest.prepare_import([("q3.csv", MINUTES_CSV.replace(b"Staff training",
                                                                  b"Golf day"))],
                                  method_map={"golf day": "trust.social_activities"},
                                  header_map={"time": "hours_minutes"})
    assert batch.ok, batch.problem_lines()
    assert batch.method_reading == {"golf day": "trust.social_activities"}
    lines = ingest.reading_lines(batch.reading())
    assert lines[0] == ("—: interactions, headers in row 1: 'Client' as Client, 'Cost' as Cost, "
                        "'Date' as Date, 'Method' as Method, 'Time' as Time in minutes")
    assert lines[1] == ("method labels read through saved or chosen mappings: "
                        "'golf day' as Joint social activities")
    # Another file name, the same bytes, read the same way: the same reading.
    again = ingest.prepare_import([("renamed.csv", MINUTES_CSV.replace(b"Staff training",
                                                                       b"Golf day"))],
                                  method_map={"golf day": "trust.social_activities"},
                                  header_map={"time": "hours_minutes"})
    assert again.reading() == batch.reading()


def test_an_import_from_before_readings_has_no_reading_lines():
    assert ingest.reading_lines(None) == []
    assert ingest.reading_lines("") == []
