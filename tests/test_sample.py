import csv
import hashlib
import io

import numpy as np
import openpyxl
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from kam_analytics import sample
from kam_analytics.ingest.schema import canonical_column
from kam_analytics.sample import METHOD_PROFILES, main, sample_frames, write_sample
from kam_analytics.taxonomy import METHOD_IDS, METHODS

SEEDS = (2026, 1, 777)
LABELS_EN = {m.label_en for m in METHODS}


@pytest.fixture(scope="module", params=SEEDS)
def frames(request):
    return sample_frames(request.param)


def test_same_seed_gives_equal_frames():
    first, second = sample_frames(2026), sample_frames(2026)
    for name in ("interactions", "clients", "valuations"):
        assert_frame_equal(first[name], second[name])


def test_different_seed_gives_different_interactions():
    first, second = sample_frames(2026), sample_frames(2027)
    assert not first["interactions"].equals(second["interactions"])


def test_columns_and_dtypes(frames):
    i = frames["interactions"]
    assert list(i.columns) == ["date", "client", "method", "cost", "hours", "value", "manager",
                               *sample.HEALTH_HEADERS]
    assert pd.api.types.is_datetime64_any_dtype(i["date"])
    assert list(frames["clients"].columns) == ["client", "manager", "segment", "annual_revenue",
                                               "margin"]
    assert list(frames["valuations"].columns) == ["client", "method", "value", "quarter"]


def test_scale_of_the_portfolio(frames):
    clients = frames["clients"]
    assert 15 <= clients["client"].nunique() <= 25
    assert clients["client"].is_unique
    assert 4 <= clients["manager"].nunique() <= 5
    assert clients.groupby("manager").size().min() >= 2
    assert set(clients["segment"]) == {"Tier 1", "Tier 2", "Tier 3"}
    assert clients["annual_revenue"].between(1.5e6, 160e6).all()
    assert clients["annual_revenue"].min() < 5e6 and clients["annual_revenue"].max() > 100e6


def test_margins_bend_the_whale_curve_down_at_its_end(frames):
    from kam_analytics.analysis import economics, matrix

    clients = frames["clients"]
    assert clients["margin"].isna().sum() == 1  # a new account without one yet
    assert (clients["margin"] < 0).sum() == 2
    assert ((clients["margin"].abs() < clients["annual_revenue"]) | clients["margin"].isna()).all()
    i = frames["interactions"]
    q3 = i[i["date"] >= pd.Timestamp("2026-07-01")]
    activity = (q3.assign(quarter="2026Q3", interactions=1, rating_sum=q3["value"].fillna(0),
                          rating_count=q3["value"].notna().astype("int64"))
                .groupby(["quarter", "client", "method"], as_index=False)
                [["interactions", "cost", "hours", "rating_sum", "rating_count"]].sum())
    m = matrix.cost_value_matrix(activity, frames["valuations"].iloc[:0], clients, 60.0)
    summary = economics.curve_summary(economics.whale_curve(
        economics.client_economics(m, clients)))
    assert len(summary["pulling_down"]) >= 3
    assert summary["peak_profit"] > 1.05 * summary["total_profit"] > 0


def test_three_quarters_in_range(frames):
    i = frames["interactions"]
    quarters = i["date"].dt.to_period("Q").astype("str")
    assert sorted(quarters.unique()) == ["2026Q1", "2026Q2", "2026Q3"]
    assert i["date"].min() >= pd.Timestamp("2026-01-01")
    assert i["date"].max() <= pd.Timestamp("2026-09-30")
    per_quarter = quarters.value_counts()
    assert per_quarter.between(200, 1500).all()


def test_values_are_in_their_ranges(frames):
    i = frames["interactions"]
    assert set(i["method"]) <= set(METHOD_IDS)
    assert (i["cost"] >= 0).all()
    assert i["hours"].between(0.25, 40).all()
    rated = i["value"].dropna()
    assert set(rated.unique()) <= {1.0, 2.0, 3.0, 4.0, 5.0}
    assert 0.33 <= len(rated) / len(i) <= 0.47


def test_every_client_is_declared(frames):
    declared = set(frames["clients"]["client"])
    assert set(frames["interactions"]["client"]) <= declared
    assert set(frames["valuations"]["client"]) <= declared


def test_interaction_manager_owns_the_client(frames):
    owner = frames["clients"].set_index("client")["manager"]
    i = frames["interactions"]
    assert (i["client"].map(owner) == i["manager"]).all()


def test_method_breadth_per_client(frames):
    breadth = frames["interactions"].groupby("client")["method"].nunique()
    assert breadth.max() <= 15
    assert (breadth.between(6, 15)).mean() >= 0.75
    assert (breadth <= 5).sum() >= 2  # a couple of thin portfolios


def test_valuations(frames):
    v = frames["valuations"]
    assert len(v) > 0
    assert set(v["method"]) <= set(METHOD_IDS)
    assert set(v["value"]) <= {1, 2, 3, 4, 5}
    assert set(v["quarter"]) == {"2026Q3"}
    assert not v.duplicated(["client", "method"]).any()


@pytest.mark.parametrize(
    ("method", "lo", "hi"),
    [
        ("trust.site_visits", 500, 3000),
        ("resource.credit", 2000, 20000),
        ("service.fast_quotes", 0, 50),
        ("technical.staff_training", 1000, 8000),
    ],
)
def test_cost_per_interaction_is_plausible(frames, method, lo, hi):
    cost = frames["interactions"].query("method == @method")["cost"]
    assert len(cost) > 0
    assert cost.between(lo, hi).all()


@pytest.mark.parametrize(
    ("client", "method", "highest_mean_rating"),
    [
        ("Northwind Foods", "trust.social_activities", 2.5),
        ("Meridian Packaging Group", "risk.trials", 2.5),
        ("Brightwater Labs", "technical.staff_training", 2.5),
    ],
)
def test_overinvested_methods_are_costly_and_rated_low(frames, client, method,
                                                       highest_mean_rating):
    i, v = frames["interactions"], frames["valuations"]
    pair = i[(i["client"] == client) & (i["method"] == method)]
    valued = v.loc[(v["client"] == client) & (v["method"] == method), "value"]
    assert len(valued) == 1  # every story pair carries an explicit valuation
    ratings = pd.concat([pair["value"].dropna(), valued.astype("float64")])
    assert ratings.mean() <= highest_mean_rating
    assert pair["cost"].mean() > 1000


@pytest.mark.parametrize("method", ["service.fast_quotes", "service.reliable_delivery"])
def test_cheap_methods_are_valued(frames, method):
    pair = frames["interactions"].query("method == @method")
    assert pair["cost"].mean() < 500
    assert pair["value"].mean() >= 4.0


def test_strategic_account_is_big_and_valued(frames):
    i = frames["interactions"]
    spend = i.groupby("client")["cost"].sum().sort_values(ascending=False)
    assert "Baltic Steel Works" in spend.index[:3]
    assert i.loc[i["client"] == "Baltic Steel Works", "value"].mean() >= 3.8


def test_value_is_consistent_per_client_and_method():
    i = sample_frames(2026)["interactions"].dropna(subset=["value"])
    spread = i.groupby(["client", "method"])["value"].std().dropna()
    assert spread.median() <= 0.8


def test_written_files_are_byte_identical(tmp_path):
    first = write_sample(tmp_path / "a", seed=5)
    second = write_sample(tmp_path / "b", seed=5)
    assert [p.name for p in first] == [
        "kam_sample.xlsx", "kam_sample_2026Q1.csv", "kam_sample_2026Q2.csv",
        "kam_sample_2026Q3.csv"]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_csvs_hold_the_interactions_split_by_quarter(tmp_path):
    _, q1, q2, q3 = write_sample(tmp_path, seed=11)
    interactions = sample_frames(11)["interactions"]
    assert q2.read_text(encoding="utf-8").splitlines()[0] == (
        "Date,Client,Method,Cost (EUR),Manager hours,Value (1-5),Manager,Event type,"
        "Promised date,Delivered date,Promise kept,Received at,Responded at,Resolved at,"
        "In writing,Contact role"
    )
    read = {p: pd.read_csv(p, encoding="utf-8", keep_default_na=False, na_values=[""])
            for p in (q1, q2, q3)}
    assert pd.to_datetime(read[q1]["Date"]).max() < pd.Timestamp("2026-04-01")
    assert pd.to_datetime(read[q2]["Date"]).min() >= pd.Timestamp("2026-04-01")
    assert read[q2]["Date"].str.startswith("2026-0").all()
    assert pd.to_datetime(read[q2]["Date"]).max() < pd.Timestamp("2026-07-01")
    assert pd.to_datetime(read[q3]["Date"]).min() >= pd.Timestamp("2026-07-01")
    both = pd.concat(read.values(), ignore_index=True)
    assert set(both["Method"]) <= LABELS_EN
    assert len(both) == len(interactions)
    np.testing.assert_allclose(both["Cost (EUR)"], interactions["cost"])
    np.testing.assert_allclose(both["Value (1-5)"], interactions["value"])
    assert list(both["Client"]) == list(interactions["client"])


@pytest.mark.parametrize(
    ("sheet", "table", "expected"),
    [
        ("Interactions", "interactions",
         ["date", "client", "method", "cost", "hours", "value", "manager",
          *sample.HEALTH_HEADERS]),
        ("Clients", "clients", ["client", "manager", "segment", "annual_revenue", "margin"]),
        ("Valuations", "valuations", ["client", "method", "value", "quarter"]),
    ],
)
def test_workbook_headers_are_recognised_by_the_schema(tmp_path, sheet, table, expected):
    xlsx = write_sample(tmp_path, seed=3)[0]
    book = openpyxl.load_workbook(io.BytesIO(xlsx.read_bytes()), read_only=True)
    headers = [c.value for c in next(book[sheet].iter_rows(max_row=1))]
    assert [canonical_column(h, table) for h in headers] == expected


def test_workbook_matches_the_frames(tmp_path):
    xlsx = write_sample(tmp_path, seed=3)[0]
    frames = sample_frames(3)
    sheets = pd.read_excel(xlsx, sheet_name=None, engine="calamine")
    assert list(sheets) == ["Interactions", "Clients", "Valuations"]
    inter = sheets["Interactions"]
    assert len(inter) == len(frames["interactions"])
    assert (inter["Date"].to_numpy() == frames["interactions"]["date"].to_numpy()).all()
    assert set(inter["Method"]) <= LABELS_EN
    assert list(sheets["Clients"]["Client"]) == list(frames["clients"]["client"])
    assert len(sheets["Valuations"]) == len(frames["valuations"])


def test_the_earlier_quarter_left_the_later_ones_as_they_were(tmp_path):
    """2026Q1 was added from a stream of its own (and the health columns after the first seven):
    the first seven columns of the Q2 and Q3 files are byte for byte those bundled before
    (their SHA-256 taken from the commit before 2026Q1 was added)."""
    before = {"2026Q2": "f48803c2809717bba984afe4ef06069ca0ff538249ce4f421acb2933a888ae0b",
              "2026Q3": "ae17a600051e4522d73d05dbdd590efa6a218d7c8babd4373c07cbfe36a4a33c"}
    written = {p.name: p for p in write_sample(tmp_path)}
    for quarter, digest in before.items():
        text = written[f"kam_sample_{quarter}.csv"].read_text(encoding="utf-8")
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")  # pandas' to_csv dialect
        writer.writerows(row[:7] for row in csv.reader(io.StringIO(text)))
        assert hashlib.sha256(out.getvalue().encode()).hexdigest() == digest, quarter


def test_technical_support_was_stepped_up_after_the_first_quarter():
    """The story of the earlier quarter: half the sale-and-after-sale service activity of the
    later quarters, two and a half times the free trials."""
    i = sample_frames()["interactions"]
    count = i.assign(q=i["date"].dt.to_period("Q").astype("str")).groupby(["method", "q"]).size()
    later = count.drop(index="2026Q1", level="q").groupby("method").mean()
    assert count["technical.sale_service", "2026Q1"] < 0.75 * later["technical.sale_service"]
    assert count["risk.trials", "2026Q1"] > 1.5 * later["risk.trials"]


def test_every_method_has_a_cost_profile():
    assert sorted(METHOD_PROFILES) == sorted(METHOD_IDS)


def test_command_line_writes_the_files(tmp_path, capsys):
    main([str(tmp_path), "--seed", "4"])
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "kam_sample.xlsx", "kam_sample_2026Q1.csv", "kam_sample_2026Q2.csv",
        "kam_sample_2026Q3.csv"]
    assert capsys.readouterr().out.count("kam_sample") == 4


def test_only_the_sample_counts_as_the_sample(seeded_db, small_db):
    from kam_analytics.store import open_store

    for db, expected in ((seeded_db, True), (small_db, False)):
        store = open_store(db)
        try:
            assert sample.is_sample_only(store.import_history()) is expected
        finally:
            store.close()


def test_the_sample_with_other_data_beside_it_is_not_the_sample_only():
    history = pd.DataFrame({"status": ["active", "active", "replaced"],
                            "sha256": [sample.sample_sha256(), "f" * 64, "e" * 64]})
    assert not sample.is_sample_only(history)
    assert sample.is_sample_only(history.iloc[[0, 2]])
    assert not sample.is_sample_only(history.iloc[[2]])  # nothing in force
