"""The sample's health columns: drawn from a stream of their own (the sample's other figures
stay byte for byte as before them) and telling the stories declared for three accounts."""

from __future__ import annotations

import hashlib

import pandas as pd
import pytest

from kam_analytics import sample, sample_health
from kam_analytics.analysis import health

# The SHA-256 of each quarter's CSV as the sample wrote it before the health columns (the
# files of commit 84e39c0): the same columns written now must give the same bytes.
BEFORE = {"2026Q2": "f48803c2809717bba984afe4ef06069ca0ff538249ce4f421acb2933a888ae0b",
          "2026Q3": "ae17a600051e4522d73d05dbdd590efa6a218d7c8babd4373c07cbfe36a4a33c"}


@pytest.fixture(scope="module")
def interactions():
    return sample.sample_frames()["interactions"]


@pytest.mark.parametrize("quarter", BEFORE)
def test_every_figure_the_sample_had_before_stays_byte_for_byte(interactions, quarter):
    rows = interactions[interactions["date"].dt.to_period("Q").astype(str) == quarter]
    data = sample._labelled(rows, sample.INTERACTION_HEADERS).to_csv(
        index=False, encoding="utf-8", lineterminator="\n", date_format="%Y-%m-%d").encode()
    assert hashlib.sha256(data).hexdigest() == BEFORE[quarter]


def test_the_health_columns_follow_the_methods(interactions):
    by_method = interactions.groupby("method")["event_type"].agg(lambda e: set(e.dropna()))
    assert by_method["service.reliable_delivery"] == {"promise"}
    assert by_method["resource.credit"] <= {"agreement", "meeting"}  # a meeting for Meridian
    assert interactions.loc[interactions["event_type"] == "promise", "promised_date"].notna(
        ).sum() + interactions["kept"].notna().sum() == (interactions["event_type"] == "promise"
                                                         ).sum()
    asked = interactions["event_type"].isin(["request", "complaint", "problem"])
    assert interactions.loc[asked, "received_at"].notna().all()
    assert (interactions.loc[asked, "responded_at"].dropna()
            > interactions.loc[asked, "received_at"][interactions.loc[
                asked, "responded_at"].notna()]).all()


@pytest.fixture(scope="module")
def measures(interactions):
    """The sample's health, from the frames as the store would give them."""
    frame = interactions.assign(
        quarter=interactions["date"].dt.to_period("Q").astype(str), source_file="s",
        source_sheet=None, source_row=range(2, len(interactions) + 2))
    counts = frame.groupby(["quarter", "client", "event_type", "contact_role"],
                           dropna=False).size().rename("interactions").reset_index()
    return health.health_measures(frame, counts).set_index(["client", "quarter", "measure"])


def test_the_stories_show_in_the_health_of_the_last_quarter(measures):
    def status(client, measure, quarter="2026Q3"):
        return measures.loc[(client, quarter, measure), "status"]

    northwind = "Northwind Foods"
    assert status(northwind, "promises_kept") == "red"
    assert status(northwind, "response_median") == "red"
    assert status(northwind, "response_p90") == "red"
    meridian = "Meridian Packaging Group"
    assert measures.loc[(meridian, "2026Q2", "contact_frequency"), "value"] > 16  # red
    assert status(meridian, "contact_frequency") in ("amber", "red")
    assert measures.loc[(meridian, "2026Q3", "contact_frequency"), "value"] > 8
    kestrel = "Kestrel Automotive Components"
    assert measures.loc[(kestrel, "2026Q3", "late_deliveries"), "value"] == 3
    assert status(kestrel, "late_deliveries") == "red"


def test_every_measure_has_a_status_for_every_client(measures):
    statuses = measures.xs("2026Q3", level="quarter")["status"]
    assert statuses.index.get_level_values("client").nunique() == len(sample.CLIENTS)
    assert not statuses.isin(["not_measured"]).any()
    assert set(statuses) <= {"red", "amber", "green", "none"}


def test_the_stream_is_the_seeds_own(interactions):
    again = sample_health.health_columns(
        interactions[sample.INTERACTION_HEADERS.keys()],
        sample.sample_frames()["clients"].set_index("client")["segment"], sample.DEFAULT_SEED)
    pd.testing.assert_frame_equal(again, interactions[list(sample.HEALTH_HEADERS)])
