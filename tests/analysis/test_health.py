"""Relationship health computed by hand on a small log imported through the real path.

2026Q1 is judged at 2026-04-01 00:00, 2026Q2 at 2026-07-01 00:00 (or at ``as_of``).

Acme, 2026Q1:
  contacts: a visit, a call and a meeting: 3 in 3 months = 1 a month (in the band 1-8: green).
  roles: decider, buyer, user = 3 (green at 3).
  requests and complaints, hours to the first answer:
    a request received 2026-02-10 08:00, answered 2026-02-11 14:00 .............. 30
    a complaint received 2026-03-01 10:00, answered 2026-03-03 10:00 ............. 48
    a complaint received 2026-03-20 (no time: midnight), never answered: its age at the
      quarter's end, 12 days ......................................................... 288
    a request received 2026-03-31 23:30, answered 2026-04-01 09:15 (after the quarter's
      end; it counts in the quarter it was received in) ............................. 9.75
    median (30 + 48) / 2 = 39 (amber: over 24, at most 48);
    90th percentile: sorted 9.75 30 48 288, position 0.9 x 3 = 2.7: 48 + 0.7 x 240 = 216 (red).
  resolution: the first complaint resolved 2026-03-11 10:00 = 10 days; the second open at the
    quarter's end, 12 days so far; median 11 (amber: over 7, at most 14).
  open problems at the quarter's end: the second complaint, 12 days old (amber).
  promises: due 02-01 delivered 01-30 kept; due 02-01 delivered 02-03 broken; due 03-10 not
    delivered by the quarter's end broken; kept = no broken; due 04-15 not yet due (not
    counted): 1 of 4 = 25 % (red).
  late deliveries open at the quarter's end: the one due 03-10 (1: amber).
  agreements: in writing yes, no, and one not recorded (not counted): 50 % (red, under 70).
Acme, 2026Q2 (no interactions; open items carried over): the complaint 103 days old (red), two
  late deliveries (03-10 and 04-15: red), no contacts (red).
Beta, 2026Q1: 27 calls = 9 a month (too many: amber); no roles named (0: red); no requests,
  promises or agreements (none); no open problems (0: green).
Calm, 2026Q1: one interaction with no event type: a contact, 1/3 a month (under half the band's
  lower bound: red).
Dove, 2026Q2 (dates without times; 2026Q2 gives no resolutions, promises, agreements or roles):
  a request received 04-02 answered 04-04 = 48 hours (median amber, p90 green); a visit.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from kam_analytics import ingest
from kam_analytics.analysis import health
from kam_analytics.store import open_store

HEADER = ("Date,Client,Method,Cost,Hours,Event type,Promised date,Delivered date,Kept,"
          "Received at,Responded at,Resolved at,In writing,Role")
ROWS = [
    "2026-01-10,Acme,Site visits,100,2,visit,,,,,,,,ЛПР",
    "2026-01-20,Acme,Site visits,0,1,Звонок,,,,,,,,buyer",
    "2026-02-05,Acme,Site visits,0,1,meeting,,,,,,,,user",
    "2026-02-10,Acme,Site visits,0,1,request,,,,2026-02-10 08:00,2026-02-11 14:00,,,",
    "2026-03-01,Acme,Site visits,0,1,жалоба,,,,2026-03-01 10:00,2026-03-03 10:00,"
    "2026-03-11 10:00,,",
    "2026-03-20,Acme,Site visits,0,1,complaint,,,,2026-03-20,,,,",
    "2026-03-31,Acme,Site visits,0,1,request,,,,2026-03-31 23:30,2026-04-01 09:15,,,",
    "2026-01-15,Acme,Site visits,0,1,promise,2026-02-01,2026-01-30,,,,,,",
    "2026-01-16,Acme,Site visits,0,1,promise,2026-02-01,2026-02-03,,,,,,",
    "2026-02-20,Acme,Site visits,0,1,обещание,2026-03-10,,,,,,,",
    "2026-03-25,Acme,Site visits,0,1,promise,2026-04-15,,,,,,,",
    "2026-02-25,Acme,Site visits,0,1,promise,,,нет,,,,,",
    "2026-02-01,Acme,Site visits,0,1,agreement,,,,,,,yes,",
    "2026-02-02,Acme,Site visits,0,1,agreement,,,,,,,no,",
    "2026-02-03,Acme,Site visits,0,1,agreement,,,,,,,,",
    *(f"2026-0{1 + i // 9}-{1 + i % 9:02d},Beta,Site visits,0,1,call,,,,,,,," for i in range(27)),
    "2026-02-14,Calm,Site visits,50,1,,,,,,,,,",
    "2026-04-02,Dove,Site visits,0,1,request,,,,2026-04-02,2026-04-04,,,",
    "2026-04-03,Dove,Site visits,0,1,visit,,,,,,,,",
]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    s = open_store(tmp_path_factory.mktemp("health") / "kam.duckdb")
    ingest.run_import(s, [("log.csv", "\n".join([HEADER, *ROWS]).encode())])
    yield s
    s.close()


@pytest.fixture(scope="module")
def measures(store):
    return health.health_measures(store.health_events(), store.event_counts())


def measure(frame: pd.DataFrame, client: str, quarter: str, measure_id: str) -> tuple:
    [row] = frame[(frame["client"] == client) & (frame["quarter"] == quarter)
                  & (frame["measure"] == measure_id)].itertuples()
    value = None if math.isnan(row.value) else round(row.value, 4)
    return value, int(row.n), row.status


@pytest.mark.parametrize("client, quarter, measure_id, expected", [
    ("Acme", "2026Q1", "contact_frequency", (1.0, 3, "green")),
    ("Acme", "2026Q1", "dmu_roles", (3.0, 3, "green")),
    ("Acme", "2026Q1", "response_median", (39.0, 4, "amber")),
    ("Acme", "2026Q1", "response_p90", (216.0, 4, "red")),
    ("Acme", "2026Q1", "resolution_median", (11.0, 2, "amber")),
    ("Acme", "2026Q1", "open_problems", (12.0, 1, "amber")),
    ("Acme", "2026Q1", "promises_kept", (25.0, 4, "red")),
    ("Acme", "2026Q1", "late_deliveries", (1.0, 1, "amber")),
    ("Acme", "2026Q1", "in_writing", (50.0, 2, "red")),
    ("Acme", "2026Q2", "open_problems", (103.0, 1, "red")),
    ("Acme", "2026Q2", "late_deliveries", (2.0, 2, "red")),
    ("Acme", "2026Q2", "contact_frequency", (0.0, 0, "red")),
    ("Beta", "2026Q1", "contact_frequency", (9.0, 27, "amber")),
    ("Beta", "2026Q1", "dmu_roles", (0.0, 0, "red")),
    ("Beta", "2026Q1", "response_median", (None, 0, "none")),
    ("Beta", "2026Q1", "promises_kept", (None, 0, "none")),
    ("Beta", "2026Q1", "open_problems", (0.0, 0, "green")),
    ("Calm", "2026Q1", "contact_frequency", (round(1 / 3, 4), 1, "red")),
    ("Dove", "2026Q2", "response_median", (48.0, 1, "amber")),
    ("Dove", "2026Q2", "response_p90", (48.0, 1, "green")),
    ("Dove", "2026Q2", "contact_frequency", (round(1 / 3, 4), 1, "red")),
])
def test_each_measure_is_its_hand_computed_value_and_status(measures, client, quarter,
                                                            measure_id, expected):
    assert measure(measures, client, quarter, measure_id) == expected


@pytest.mark.parametrize("measure_id", ["resolution_median", "promises_kept", "in_writing",
                                        "dmu_roles"])
def test_a_quarter_without_the_columns_a_measure_needs_says_not_measured(measures, measure_id):
    assert measure(measures, "Dove", "2026Q2", measure_id) == (None, 0, "not_measured")


def test_open_items_carry_over_into_a_quarter_whose_rows_lack_the_columns(measures):
    # 2026Q2's rows give no resolutions or deliveries, but 2026Q1's open items are still open.
    assert measure(measures, "Dove", "2026Q2", "open_problems") == (0.0, 0, "green")
    assert measure(measures, "Acme", "2026Q2", "open_problems")[2] == "red"


def test_every_client_and_quarter_has_every_measure_in_order(measures):
    pairs = measures[["client", "quarter"]].drop_duplicates().apply(tuple, axis=1).tolist()
    assert pairs == [("Acme", "2026Q1"), ("Acme", "2026Q2"), ("Beta", "2026Q1"),
                     ("Calm", "2026Q1"), ("Dove", "2026Q2")]
    acme = measures[(measures["client"] == "Acme") & (measures["quarter"] == "2026Q1")]
    assert acme["measure"].tolist() == list(health.MEASURE_IDS)
    assert acme["rule"].tolist() == [m.rule for m in health.MEASURES]


def test_the_overall_status_is_the_worst_and_never_hides_a_red(measures):
    overall = health.overall_health(measures).set_index(["client", "quarter"])
    assert overall.loc[("Acme", "2026Q1"), ["status", "red", "amber"]].tolist() == ["red", 3, 4]
    assert overall.loc[("Beta", "2026Q1"), "status"] == "red"  # no roles: one red among greens
    dove = measures[(measures["client"] == "Dove")]
    assert overall.loc[("Dove", "2026Q2"), ["status", "red", "amber"]].tolist() == [
        "red", (dove["status"] == "red").sum(), (dove["status"] == "amber").sum()]


def test_health_for_reads_less_and_finds_the_same(store, measures):
    # health_for asks the store only for the rows the measures read one by one (contacts and
    # roles come counted): the same figures as from every row.
    lean, items = health.health_for(store)
    pd.testing.assert_frame_equal(lean, measures)
    assert items[["client", "kind", "age_days"]].values.tolist() == [
        ["Acme", "late_delivery", 113.0], ["Acme", "complaint", 103.0],
        ["Acme", "late_delivery", 77.0]]  # at 2026Q2's end: due 03-10, received 03-20, due 04-15


def test_a_quarter_still_running_is_judged_as_at_the_day_given(store):
    mid = health.health_measures(store.health_events(), store.event_counts(),
                                 as_of=pd.Timestamp("2026-05-16"))
    # 45 of 2026Q2's 91 days had passed: 1 visit in 3 x 45/91 months.
    assert measure(mid, "Dove", "2026Q2", "contact_frequency") == (
        round(1 / (3 * 45 / 91), 4), 1, "amber")
    # The complaint of 2026-03-20 had waited 57 days by 2026-05-16.
    assert measure(mid, "Acme", "2026Q2", "open_problems") == (57.0, 1, "red")


def test_the_open_items_list_names_each_with_its_age_and_source_row(store):
    items = health.open_items(store.health_events(), pd.Timestamp("2026-04-20"))
    actual = items[["client", "kind", "age_days", "source_row"]].values.tolist()
    # The oldest first: the promise due 03-10 (row 11), the complaint of 03-20 (row 7), the
    # promise due 04-15 (row 12).
    assert actual == [["Acme", "late_delivery", 41.0, 11], ["Acme", "complaint", 31.0, 7],
                      ["Acme", "late_delivery", 5.0, 12]]


def test_no_events_gives_no_rows_and_no_health_columns_gives_not_measured(tmp_path):
    empty = health.health_measures(pd.DataFrame(columns=[
        "quarter", "client", "date", "event_type", "promised_date", "delivered_date", "kept",
        "received_at", "responded_at", "resolved_at", "in_writing", "contact_role",
        "source_file", "source_sheet", "source_row"]),
        pd.DataFrame(columns=["quarter", "client", "event_type", "interactions"]))
    assert empty.empty and list(empty.columns) == health.HEALTH_COLUMNS
    s = open_store(tmp_path / "plain.duckdb")
    ingest.run_import(s, [("plain.csv", b"Date,Client,Method,Cost\n"
                                        b"2026-01-05,Acme,Site visits,10\n"
                                        b"2026-02-05,Acme,Site visits,10\n"
                                        b"2026-03-05,Acme,Site visits,10\n")])
    plain = health.health_measures(s.health_events(), s.event_counts())
    s.close()
    statuses = dict(zip(plain["measure"], plain["status"], strict=True))
    # Without event types every interaction is a contact: 3 in 3 months.
    assert statuses.pop("contact_frequency") == "green"
    assert set(statuses.values()) == {"not_measured"}


@pytest.mark.parametrize("measure_id, needs", [
    ("promises_kept", (("kept",), ("promised_date", "delivered_date"))),
    ("open_problems", (("event_type", "resolved_at"),)),
    ("contact_frequency", ((),)),
])
def test_each_measure_declares_the_columns_that_would_enable_it(measure_id, needs):
    assert health.MEASURE_BY_ID[measure_id].needs == needs


def test_the_contact_band_is_a_stored_setting_and_each_status_says_its_limits(tmp_path):
    s = open_store(tmp_path / "band.duckdb")
    ingest.run_import(s, [("log.csv", "\n".join([HEADER, *ROWS]).encode())])
    assert health.stored_band(s) == (1.0, 8.0)  # settings.CONTACT_BAND until changed
    s.set_setting("contact_band_low", "0.2")
    s.set_setting("contact_band_high", "0.5")
    measures, _ = health.health_for(s)
    s.close()
    row = measures[(measures["client"] == "Acme") & (measures["quarter"] == "2026Q1")
                   & (measures["measure"] == "contact_frequency")].iloc[0]
    # 1 a month: over 0.5 (too many, amber), not over twice it (red)
    assert (row["value"], row["status"], row["low"], row["high"]) == (1.0, "amber", 0.2, 0.5)
    promises = measures[measures["measure"] == "promises_kept"].iloc[0]
    assert (promises["low"], promises["high"]) == (75.0, 90.0)  # amber from 75, green from 90
