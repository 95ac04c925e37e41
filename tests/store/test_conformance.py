"""What any store engine must do, checked through the ``Store`` protocol only: hand-computed
figures to the cent, imports (identical re-import, append, replace, restore), settings and
mappings, scopes, the manager rule, snapshot isolation and concurrent sessions.

Every test takes ``store`` (or ``opener``) from the one ``engine`` fixture: a second engine adds
one param and must pass the same suite.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import threading
from collections.abc import Callable

import pandas as pd
import pytest

from kam_analytics import ingest, settings
from kam_analytics.analysis import matrix
from kam_analytics.ingest import schema as ingest_schema
from kam_analytics.store import (
    EVERYONE,
    HEALTH_COLUMNS,
    MANAGER_RULE,
    CurrencyMismatch,
    NeedsDecision,
    Scope,
    Store,
    open_store,
)
from tests import datasets
from tests.corpus.build import CASES
from tests.store.pg import postgres_server  # noqa: F401 - the server, started when needed
from tests.store.test_concurrency import check_final_state, run_sessions
from tests.store.test_duckdb_store import frames, save

Opener = Callable[[str], Store]

# Imported corpus cases small enough for every engine's suite (the large ones run in
# tests/ingest/test_corpus.py).
LARGE = {"million_rows", "ten_thousand_columns", "million_labels"}
CORPUS = [c for c in CASES if c.imported is not None and c.id not in LARGE]


ENGINES = ["duckdb", "postgres"]


@pytest.fixture(params=ENGINES)
def engine(request) -> str:
    """Return the name of the engine under test."""
    return request.param


@pytest.fixture
def opener(engine, tmp_path, request) -> Opener:
    """Return a function opening the engine's store named ``name`` (a fresh one per test; the
    same name twice opens one store twice), closing every store it opened when the test ends."""
    opened: list[Store] = []
    databases: dict[str, str] = {}

    def open_named(name: str) -> Store:
        if engine == "duckdb":
            store = open_store(tmp_path / f"{name}.duckdb")
        else:
            server = request.getfixturevalue("postgres_server")
            if name not in databases:
                databases[name] = server.database(name)
            store = open_store(databases[name])
        opened.append(store)
        return store

    yield open_named
    for store in opened:
        store.close()
    for url in databases.values():  # a database takes 8 MB of the server's folder
        request.getfixturevalue("postgres_server").drop(url)


@pytest.fixture
def store(opener) -> Store:
    """Return a new, empty store of the engine under test."""
    return opener("kam")


def cents(x: float) -> int:
    """Return an amount in whole cents (to compare money exactly)."""
    return round(x * 100)


# ---- figures ---------------------------------------------------------------------------------
def test_the_hand_computed_quarter_to_the_cent(store):
    ingest.run_import(store, [("quarter.csv", datasets.utf8_csv())])
    m = matrix.cost_value_matrix(store.activity(), store.valuations(), store.client_dimension(),
                                 60.0).set_index(["client", "method"])
    assert set(m.index) == set(datasets.EXPECTED)
    for key, (n, cost, hours, total, value, quadrant) in datasets.EXPECTED.items():
        row = m.loc[key]
        expected = (n, cents(cost), hours, cents(total), quadrant)
        actual = (row["interactions"], cents(row["cost"]), row["hours"],
                  cents(row["total_cost"]), row["quadrant"])
        assert actual == expected, key
        assert row["value"] == pytest.approx(math.nan if value is None else value, nan_ok=True)


@pytest.mark.parametrize("case", CORPUS, ids=[c.id for c in CORPUS])
def test_corpus_imports_store_the_hand_counted_figures(store, case, tmp_path):
    expected = case.imported
    out = ingest.run_import(store, case.build(tmp_path))
    rows = store.interactions()
    act = store.activity()
    assert (out.status, out.rows, len(rows)) == ("imported", expected.rows, expected.rows)
    assert rows["client"].nunique() == expected.clients
    assert tuple(store.quarters()) == expected.quarters
    assert cents(act["cost"].sum()) == cents(rows["cost"].sum()) == cents(expected.cost)
    assert act["hours"].sum() == pytest.approx(expected.hours)
    assert set(expected.names) <= set(rows["client"])


def test_money_sums_exactly_where_doubles_drift(store):
    # Summed as doubles, 10 trillion and a hundred cents come to ...000.977: two cents lost.
    inter, cl, val = frames(dt.date(2026, 7, 3))
    inter = pd.concat([inter.iloc[[0]]] * 101, ignore_index=True)
    inter["source_row"] = range(2, 103)
    inter["cost"] = [1e13] + [0.01] * 100
    cl["annual_revenue"] = [1e13 + 0.01, 0.07]
    store.save_import(file_names=["big.csv"], sha256="big", interactions=inter, clients=cl,
                      valuations=val, warnings=[])
    assert cents(store.activity()["cost"].sum()) == 1_000_000_000_000_100
    dims = store.client_dimension().set_index("client")["annual_revenue"]
    assert [cents(x) for x in dims] == [1_000_000_000_000_001, 7]
    assert store.interactions()["cost"].dtype == "float64"
    assert store.activity()["cost"].dtype == "float64"


def test_margins_stored_exactly_negative_and_missing_kept(store):
    # A margin is money: exact to the cent, read as float64; a loss stays negative and a
    # client whose sheet gives no margin has none (never 0).
    inter, cl, val = frames(dt.date(2026, 7, 3))
    cl["margin"] = [1e13 + 0.01, None]
    store.save_import(file_names=["a.csv"], sha256="a", interactions=inter, clients=cl,
                      valuations=val, warnings=[])
    later = cl.assign(margin=[-1234.5, None]).iloc[[0]].assign(client="Cobalt")
    inter2 = inter.assign(client="Cobalt", date=dt.date(2026, 4, 2), quarter="2026Q2")
    store.save_import(file_names=["b.csv"], sha256="b", interactions=inter2, clients=later,
                      valuations=val.iloc[:0], warnings=[])
    dims = store.client_dimension()
    assert list(dims.columns) == ["client", "manager", "segment", "annual_revenue", "margin"]
    assert dims["margin"].dtype == "float64"
    margin = dims.set_index("client")["margin"]
    assert cents(margin[cl["client"].iloc[0]]) == 1_000_000_000_000_001
    assert math.isnan(margin[cl["client"].iloc[1]])
    assert margin["Cobalt"] == -1234.5


def test_a_clients_frame_without_margins_stores_none(store):
    inter, cl, val = frames(dt.date(2026, 7, 3))
    store.save_import(file_names=["a.csv"], sha256="a", interactions=inter,
                      clients=cl.drop(columns="margin", errors="ignore"), valuations=val,
                      warnings=[])
    assert store.client_dimension()["margin"].isna().all()


# ---- imports ---------------------------------------------------------------------------------
def test_import_then_identical_reimport_changes_nothing(store):
    first = save(store, "a")
    before = store.content_digest()
    again = save(store, "a")
    assert (first.status, again.status, again.import_id) == ("imported", "unchanged",
                                                            first.import_id)
    assert store.content_digest() == before
    assert store.contents() == {"imports": 1, "interactions": 2, "last_import": 1}


def test_the_same_files_read_another_way_are_a_new_import(store):
    inter, cl, val = frames(dt.date(2026, 7, 1))
    kw = {"file_names": ["q3.csv"], "sha256": "same-bytes", "interactions": inter,
          "clients": cl, "valuations": val, "warnings": []}
    first = store.save_import(**kw, reading='{"hours": "Time"}')
    assert store.save_import(**kw, reading='{"hours": "Time"}').status == "unchanged"
    with pytest.raises(NeedsDecision):  # a new reading, of quarters that hold data
        store.save_import(**kw, reading='{"hours": "Time in minutes"}')
    second = store.save_import(**kw, reading='{"hours": "Time in minutes"}', mode="replace")
    assert (second.status, second.replaced) == ("imported", [first.import_id])
    history = store.import_history().set_index("import_id")
    assert history.loc[second.import_id, "reading"] == '{"hours": "Time in minutes"}'
    assert history.loc[first.import_id, "status"] == "replaced"
    assert store.restore_import(first.import_id) == [second.import_id]
    assert store.import_history().set_index("import_id").loc[first.import_id, "status"] == (
        "active")


def test_the_first_import_sets_the_currency_and_another_one_is_refused(store):
    inter, cl, val = frames(dt.date(2026, 7, 1))
    kw = {"interactions": inter, "clients": cl, "valuations": val, "warnings": []}
    store.save_import(file_names=["a.csv"], sha256="a", currency="RUB", **kw)
    assert store.currency() == "RUB"
    assert store.import_history()["currency"].tolist() == ["RUB"]
    before = store.content_digest()
    with pytest.raises(CurrencyMismatch) as refused:
        store.save_import(file_names=["b.csv"], sha256="b", currency="EUR", mode="append", **kw)
    assert "EUR" in str(refused.value) and "RUB" in str(refused.value)
    assert store.content_digest() == before
    assert store.save_import(file_names=["c.csv"], sha256="c", currency="RUB", mode="append",
                             **kw).status == "imported"


def test_append_replace_and_restore(store):
    save(store, "a")
    with pytest.raises(NeedsDecision) as decide:
        save(store, "b", cost=10.0)
    assert decide.value.quarters == ["2026Q3"]
    assert store.active_imports_for(["2026Q3"])["import_id"].tolist() == [1]
    save(store, "b", mode="append", cost=10.0)
    assert cents(store.activity()["cost"].sum()) == cents(300.0 + 30.0)
    replaced = save(store, "c", mode="replace", cost=1.0)
    assert replaced.replaced == [1, 2]
    assert cents(store.activity()["cost"].sum()) == cents(3.0)
    assert store.restore_import(1) == [3]
    assert cents(store.activity()["cost"].sum()) == cents(300.0)
    history = store.import_history().set_index("import_id")
    assert history.loc[1, "status"] == "active" and history.loc[3, "status"] == "replaced"
    with pytest.raises(KeyError):
        store.restore_import(99)


def test_backups_are_each_engines_own_and_change_nothing_an_import_does(store, engine):
    # The same imports give the same state on both engines; what each keeps to go back
    # differs: DuckDB a restore point before each import (tests/store/
    # test_duckdb_restore_points.py), PostgreSQL none (the server's pg_dump / archiving).
    save(store, "a")
    save(store, "c", mode="replace", cost=1.0)
    assert cents(store.activity()["cost"].sum()) == cents(3.0)
    table = store.backups_table()
    if engine == "duckdb":
        assert table.iloc[:, 0].tolist() == [2, 1] and store.backups_kept == 10
    else:
        assert table.empty and store.backups_kept == 0


def _totals_from_rows(store) -> pd.DataFrame:
    """Return the interactions in force added up per cell by pandas, from the rows."""
    rows = store.interactions()
    return (rows.assign(rated=rows["value"].notna(), value=rows["value"].fillna(0))
            .groupby(["quarter", "client", "method"], as_index=False)
            .agg(interactions=("cost", "size"), cost=("cost", "sum"), hours=("hours", "sum"),
                 rating_sum=("value", "sum"), rating_count=("rated", "sum")))


def test_activity_adds_up_the_rows_in_force_through_every_change(store):
    # However the store keeps its totals, they are those of the rows in force after each
    # import, append, replace and restore.
    def check():
        got = store.activity().sort_values(["quarter", "client", "method"], ignore_index=True)
        want = _totals_from_rows(store)
        assert len(got) == len(want)
        for column in ("interactions", "cost", "hours", "rating_sum", "rating_count"):
            assert got[column].tolist() == pytest.approx(want[column].tolist()), column

    save(store, "q2", day=dt.date(2026, 4, 2))
    check()
    save(store, "q3", day=dt.date(2026, 7, 3), clients=("Acme", "Cole"))
    save(store, "q3b", day=dt.date(2026, 7, 9), mode="append", cost=7.0)
    check()
    save(store, "q3c", day=dt.date(2026, 7, 10), mode="replace", cost=1.0)
    check()
    store.restore_import(2)
    check()
    assert store.quarters() == ["2026Q2", "2026Q3"]
    assert len(store.activity()) == 4  # Acme and Cole in 2026Q3, Acme and Bolt in 2026Q2


def test_replace_leaves_other_quarters_alone(store):
    save(store, "q2", day=dt.date(2026, 4, 2))
    save(store, "q3", day=dt.date(2026, 7, 3))
    save(store, "q3b", day=dt.date(2026, 7, 9), mode="replace", cost=1.0)
    assert store.quarters() == ["2026Q2", "2026Q3"]
    by_quarter = store.activity().groupby("quarter")["cost"].sum()
    assert {q: cents(c) for q, c in by_quarter.items()} == {"2026Q2": 30000, "2026Q3": 300}


def test_the_audit_log_keeps_who_did_what_newest_first(store):
    store.record("irina@example.com", "import", "import #1")
    store.record("anna@example.com", "export", "board deck: 2026Q3")
    log = store.audit_log()
    assert log[["who", "action", "detail"]].values.tolist() == [
        ["anna@example.com", "export", "board deck: 2026Q3"],
        ["irina@example.com", "import", "import #1"]]
    assert log["recorded_at"].is_monotonic_decreasing
    assert store.audit_log(limit=1)["who"].tolist() == ["anna@example.com"]
    with pytest.raises(ValueError, match="action must be one of"):
        store.record("x", "delete everything", "")
    assert len(store.audit_log()) == 2


# ---- settings and mappings -------------------------------------------------------------------
def test_settings_and_mappings_round_trip(store, opener):
    assert store.hourly_rate() == settings.DEFAULT_HOURLY_RATE
    version = store.version()
    store.set_setting("hourly_rate", "75.5")
    store.set_setting("currency", "USD")
    assert (store.hourly_rate(), store.currency(), store.setting("currency")) == (75.5, "USD",
                                                                                 "USD")
    assert store.version() != version
    # two stores at the same state are two stores: a cache keyed by the token never mixes them
    other = opener("other")
    other.set_setting("hourly_rate", "75.5")
    other.set_setting("currency", "USD")
    assert other.version() != store.version()
    with pytest.raises(KeyError):
        store.set_setting("colour", "red")
    store.save_mappings("header", {"spend": "cost", "kunde": "client"})
    store.save_mappings("header", {"spend": "hours"})
    store.save_mappings("method", {})
    assert store.mappings("header") == {"kunde": "client", "spend": "hours"}
    assert store.mappings("method") == {}


def test_saved_mappings_say_where_they_came_from_and_can_be_removed(store):
    out = save(store, "a")
    store.save_mappings("header", {"spend": "cost"}, import_id=out.import_id)
    store.save_mappings("method", {"golf day": "trust.social_activities"})
    saved = store.saved_mappings().set_index("source")
    assert saved.loc["spend", "import_id"] == out.import_id
    assert saved.loc["spend", "file_names"] == '["a.csv"]'
    assert pd.isna(saved.loc["golf day", "import_id"])  # entered in the settings
    store.save_mappings("header", {"spend": "hours"})  # edited by hand: no import any more
    assert pd.isna(store.saved_mappings().set_index("source").loc["spend", "import_id"])
    assert store.remove_mapping("header", "spend") is True
    assert store.remove_mapping("header", "spend") is False
    assert store.mappings("header") == {}
    assert store.mappings("method") == {"golf day": "trust.social_activities"}


# ---- scopes ----------------------------------------------------------------------------------
def test_a_managers_scope_sees_only_their_clients(store):
    save(store, "q3")  # Acme (Ann) and Bolt (Ben), a valuation of Acme
    inter, cl, val = frames(dt.date(2026, 4, 2), clients=("Bolt", "Cyan"))
    cl["manager"] = ["Ben", "Ben"]
    store.save_import(file_names=["q2.csv"], sha256="q2", interactions=inter, clients=cl,
                      valuations=val.assign(client="Bolt"), warnings=[])
    ann, ben = Scope(frozenset({"Ann"})), Scope(frozenset({"Ben"}))
    assert store.quarters(ann) == ["2026Q3"]
    assert store.quarters(ben) == store.quarters(EVERYONE) == ["2026Q2", "2026Q3"]
    assert store.client_dimension(ann)["client"].tolist() == ["Acme"]
    assert store.client_dimension(ben)["client"].tolist() == ["Bolt", "Cyan"]
    assert set(store.activity(ann)["client"]) == {"Acme"}
    assert set(store.activity(ben, ["2026Q3"])["client"]) == {"Bolt"}
    assert store.valuations(ann)["client"].tolist() == ["Acme"]
    assert store.valuations(ben)["client"].tolist() == ["Bolt"]
    assert set(store.interactions(ann)["client"]) == {"Acme"}
    assert store.interactions(ann, client="Bolt").empty
    assert set(store.interactions(ben, quarters=["2026Q2"])["client"]) == {"Bolt", "Cyan"}
    nobody = Scope(frozenset())
    assert store.quarters(nobody) == [] and store.activity(nobody).empty
    assert store.client_dimension(nobody).empty and store.interactions(nobody).empty


# ---- valuations entered in the app ------------------------------------------------------------
TRAINING, VISITS = "technical.staff_training", "trust.site_visits"


def entry(client: str, method: str, value: float | None, comment: str | None = None,
          quarter: str = "2026Q3") -> pd.DataFrame:
    """Return one valuation entry as the page makes it."""
    return pd.DataFrame({"quarter": [quarter], "client": [client], "method": [method],
                         "value": [value], "comment": [comment]})


def valued(store: Store) -> dict[tuple[str, str], float]:
    """Return the valuations in force by (client, method)."""
    v = store.valuations()
    return {(c, m): x for c, m, x in zip(v["client"], v["method"], v["value"], strict=True)}


def import_valuation(store: Store, sha: str, value: float, client: str = "Acme") -> None:
    """Store a valuations-only import of one cell, beside the quarter's interactions."""
    store.save_import(file_names=[f"{sha}.xlsx"], sha256=sha, interactions=visits()[:0],
                      clients=NO_CLIENTS, valuations=entry(client, TRAINING, value,
                                                           "from the file"),
                      warnings=[], mode="append")


def test_an_entry_after_an_import_wins_and_an_import_after_an_entry_wins(store):
    save(store, "q3")  # imports Acme x training valued 5 (its rating is 4)
    version = store.version()
    assert store.save_valuation_entries(entry("Acme", TRAINING, 2, "too basic"), "Eva") == 1
    assert store.version() != version
    assert valued(store) == {("Acme", TRAINING): 2.0}
    assert store.valuations()["comment"].tolist() == ["too basic"]
    import_valuation(store, "survey", 3)
    assert valued(store) == {("Acme", TRAINING): 3.0}
    store.save_valuation_entries(entry("Acme", TRAINING, 4.5), "Eva")
    assert valued(store) == {("Acme", TRAINING): 4.5}


def test_entries_change_the_matrix_and_a_cleared_entry_falls_back_to_ratings(store):
    save(store, "q3")
    store.save_valuation_entries(pd.concat([entry("Acme", TRAINING, 1),
                                            entry("Bolt", VISITS, 5)]), "Eva")
    cells = matrix.cost_value_matrix(store.activity(), store.valuations(),
                                     store.client_dimension(), 60.0).set_index("client")
    # Acme: cost 100 + 1 h x 60 = 160; value 1 -> 1 / 160 x 1000 = 6.25 per 1000.
    assert cells.loc["Acme", ["value", "value_source", "value_per_1000"]].tolist() == [
        1.0, "valuation", 6.25]
    assert cells.loc["Bolt", ["value", "value_source"]].tolist() == [5.0, "valuation"]
    store.save_valuation_entries(pd.concat([entry("Acme", TRAINING, None),
                                            entry("Bolt", VISITS, None)]), "Eva")
    assert valued(store) == {}  # the imported 5 of Acme is older than the clearing
    cells = matrix.cost_value_matrix(store.activity(), store.valuations(),
                                     store.client_dimension(), 60.0).set_index("client")
    assert cells.loc["Acme", ["value", "value_source"]].tolist() == [4.0, "ratings"]
    assert math.isnan(cells.loc["Bolt", "value"]) and cells.loc["Bolt", "value_source"] is None


def test_entries_outlive_a_replace_of_their_quarter(store):
    save(store, "q3")
    store.save_valuation_entries(entry("Bolt", VISITS, 2), "Eva")
    inter, cl, _ = frames(dt.date(2026, 7, 9), cost=1.0)
    store.save_import(file_names=["q3b.csv"], sha256="q3b", interactions=inter, clients=cl,
                      valuations=NO_VALUATIONS, warnings=[], mode="replace")
    assert valued(store) == {("Bolt", VISITS): 2.0}  # the replaced import's 5 is gone
    assert store.restore_import(1) == [2]
    assert valued(store) == {("Acme", TRAINING): 5.0, ("Bolt", VISITS): 2.0}


def test_entries_are_in_the_digest_without_the_time_they_were_made(opener):
    first, second = opener("first"), opener("second")
    for store in (first, second):
        save(store, "q3")
    before = first.content_digest()
    first.save_valuation_entries(entry("Acme", TRAINING, 3, "why"), "Eva")
    assert first.content_digest()["valuation_entries"] != before["valuation_entries"]
    second.save_valuation_entries(entry("Acme", TRAINING, 3, "why"), "Eva")  # later
    assert second.content_digest()["valuation_entries"] == first.content_digest()[
        "valuation_entries"]


def test_bad_entries_store_nothing(store):
    save(store, "q3")
    before = store.content_digest()
    for bad, who in ((entry("Acme", TRAINING, 7), "Eva"), (entry("Acme", TRAINING, 0), "Eva"),
                     (entry("Acme", TRAINING, 3, quarter="Q3"), "Eva"),
                     (entry("", TRAINING, 3), "Eva"), (entry("Acme", TRAINING, 3), " ")):
        with pytest.raises(ValueError):
            store.save_valuation_entries(pd.concat([entry("Bolt", VISITS, 2), bad]), who)
    assert store.content_digest() == before


def test_the_history_names_every_valuation_who_when_and_the_one_in_force(store):
    save(store, "q3")
    store.save_valuation_entries(entry("Acme", TRAINING, 2, "too basic"), "Eva")
    store.save_valuation_entries(pd.concat([entry("Acme", TRAINING, None),
                                            entry("Bolt", VISITS, 4)]), "Max")
    history = store.valuation_history()  # newest first; one save's entries by number
    actual = [(r.client, None if math.isnan(r.value) else r.value, r.comment, r.source,
               r.entered_by, r.in_force) for r in history.itertuples()]
    assert actual == [("Bolt", 4.0, None, "entered", "Max", True),
                      ("Acme", None, None, "entered", "Max", True),
                      ("Acme", 2.0, "too basic", "entered", "Eva", False),
                      ("Acme", 5.0, None, "q3.csv", None, False)]
    assert history["valued_at"].is_monotonic_decreasing
    assert history["source_id"].tolist() == [3, 2, 1, 1]
    assert store.valuation_history(client="Bolt")["value"].tolist() == [4.0]
    assert store.valuation_history(quarters=["2026Q2"]).empty
    ann = Scope(frozenset({"Ann"}))  # Acme's manager
    assert set(store.valuation_history(ann)["client"]) == {"Acme"}
    assert store.valuation_history(Scope(frozenset())).empty
def test_health_events_and_event_counts_are_scoped_and_typed(store):
    save(store, "q3")  # Acme (Ann) and Bolt (Ben), no health columns
    inter, cl, val = frames(dt.date(2026, 7, 4))
    inter = inter.assign(
        event_type=["complaint", None], received_at=[pd.Timestamp("2026-07-04 09:30"), pd.NaT],
        responded_at=[pd.Timestamp("2026-07-05 10:00"), pd.NaT], kept=pd.array(
            [None, True], dtype="boolean"), promised_date=[pd.NaT, pd.Timestamp("2026-07-10")],
        contact_role=[None, "buyer"])
    store.save_import(file_names=["h.csv"], sha256="h", interactions=inter, clients=cl,
                      valuations=val, warnings=[], mode="append")
    events = store.health_events().sort_values("client", ignore_index=True)
    assert events["client"].tolist() == ["Acme", "Bolt"]  # rows without any: not events
    assert events.loc[0, "responded_at"] == pd.Timestamp("2026-07-05 10:00")
    assert events.loc[1, "promised_date"] == pd.Timestamp("2026-07-10")
    assert events["kept"].tolist()[1] is True and pd.isna(events.loc[0, "kept"])
    assert events.loc[1, "contact_role"] == "buyer"
    assert events.loc[0, "source_row"] == 2 and events.loc[0, "source_file"] == "f.csv"
    counts = store.event_counts()
    counts = counts.astype(object).where(counts.notna(), "-")
    assert sorted(map(tuple, counts[["client", "event_type", "contact_role", "interactions"]]
                      .values.tolist())) == [("Acme", "-", "-", 1), ("Acme", "complaint", "-", 1),
                                             ("Bolt", "-", "-", 1), ("Bolt", "-", "buyer", 1)]
    # Asked for some event types: those rows, and the rows with a promise or a time given.
    assert sorted(store.health_events(event_types=["agreement"])["client"]) == ["Acme", "Bolt"]
    assert store.health_events(event_types=["agreement"]).sort_values("client")[
        "event_type"].isna().tolist() == [False, True]
    ann = Scope(frozenset({"Ann"}))
    assert store.health_events(ann)["client"].tolist() == ["Acme"]
    assert set(store.event_counts(ann)["client"]) == {"Acme"}
    assert store.health_events(quarters=["2026Q2"]).empty


def test_the_stored_health_columns_are_the_ones_ingest_reads():
    assert HEALTH_COLUMNS == ingest_schema.HEALTH_NAMES


# ---- the manager rule ------------------------------------------------------------------------
def visits(*rows: tuple) -> pd.DataFrame:
    """Return interactions of one quarter: (client, manager, day of July, source row[, file])."""
    return pd.DataFrame({
        "source_file": [r[4] if len(r) > 4 else "f.csv" for r in rows], "source_sheet": None,
        "source_row": [r[3] for r in rows], "date": [dt.date(2026, 7, r[2]) for r in rows],
        "quarter": "2026Q3", "client": [r[0] for r in rows],
        "method": "trust.site_visits", "cost": 1.0, "hours": 1.0, "value": None,
        "manager": [r[1] for r in rows]})


NO_CLIENTS = pd.DataFrame({"client": [], "manager": [], "segment": [], "annual_revenue": []})
NO_VALUATIONS = pd.DataFrame({"quarter": [], "client": [], "method": [], "value": []})


def store_visits(store: Store, sha: str, inter: pd.DataFrame,
                 clients: pd.DataFrame = NO_CLIENTS) -> None:
    store.save_import(file_names=[f"{sha}.csv"], sha256=sha, interactions=inter,
                      clients=clients.astype(object), valuations=NO_VALUATIONS, warnings=[],
                      mode="append")


def managers(store: Store) -> dict[str, str | None]:
    dims = store.client_dimension()
    return {c: (None if pd.isna(m) else m) for c, m in zip(dims["client"], dims["manager"],
                                                            strict=True)}


def test_manager_rule_most_interactions_then_latest_then_alphabetical(store):
    store_visits(store, "one", visits(
        # most interactions wins, though the other manager has the latest
        ("Most", "Ben", 1, 2), ("Most", "Ben", 2, 3), ("Most", "Ann", 30, 4),
        # a tie: the latest date wins
        ("Date", "Ann", 1, 5), ("Date", "Ben", 20, 6),
        # a tie on the same date: the highest source row wins
        ("Row", "Ann", 9, 7), ("Row", "Ben", 9, 8),
        # ... each manager's highest row of that date, not their first
        ("Rows", "Ann", 9, 21), ("Rows", "Ben", 9, 22), ("Rows", "Ben", 9, 23),
        ("Rows", "Ann", 9, 30),
        # the same date and row in two files of one import: alphabetical
        ("Name", "Cat", 9, 2, "a.csv"), ("Name", "Bob", 9, 2, "b.csv"),
        # the latest interaction is a third manager's, with fewer: the tied ones decide
        ("Third", "Ben", 1, 9), ("Third", "Ann", 2, 10), ("Third", "Dan", 28, 11),
        ("Third", "Ann", 3, 12), ("Third", "Ben", 4, 13),
        # interactions naming no manager are not counted
        ("Blank", None, 5, 14), ("Blank", None, 6, 15), ("Blank", "Eve", 1, 16),
        ("Nobody", None, 5, 17)))
    # a tie on date and row across imports: the newer import wins
    store_visits(store, "two", visits(("Import", "Amy", 3, 2)))
    store_visits(store, "three", visits(("Import", "Zed", 3, 2)))
    assert managers(store) == {"Most": "Ben", "Date": "Ben", "Row": "Ben", "Rows": "Ann",
                               "Name": "Bob",
                               "Third": "Ben", "Blank": "Eve", "Nobody": None, "Import": "Zed"}


def test_manager_rule_a_clients_sheet_decides_newest_import_first(store):
    listed = pd.DataFrame({"client": ["Listed", "Unnamed"], "manager": ["Sheet", None],
                           "segment": ["Tier 1", None], "annual_revenue": [None, None]})
    store_visits(store, "one", visits(("Listed", "Ann", 1, 2), ("Listed", "Ann", 2, 3),
                                      ("Unnamed", "Ann", 1, 4)), listed)
    assert managers(store) == {"Listed": "Sheet", "Unnamed": "Ann"}
    newer = listed.assign(manager=["Newer", None]).iloc[[0]]
    store_visits(store, "two", visits(("Other", "Ben", 1, 2)), newer)
    assert managers(store) == {"Listed": "Newer", "Unnamed": "Ann", "Other": "Ben"}
    store.restore_import(1)  # the newer import's quarter is replaced: its sheet no longer counts
    assert managers(store) == {"Listed": "Sheet", "Unnamed": "Ann"}


def test_the_readme_quotes_the_manager_rule():
    readme = (settings.REPO_ROOT / "README.md").read_text(encoding="utf-8")
    flat = re.sub(r"\s+", " ", readme.replace("> ", " "))
    assert MANAGER_RULE in flat


# ---- sessions --------------------------------------------------------------------------------
def test_a_snapshot_keeps_its_state_while_another_session_imports(store):
    save(store, "a")
    imported = threading.Event()

    def other_session() -> None:
        save(store, "b", day=dt.date(2026, 4, 2))
        imported.set()

    with store.snapshot():
        before = (store.quarters(), store.activity()["interactions"].sum(),
                  len(store.import_history()))
        writer = threading.Thread(target=other_session)
        writer.start()
        writer.join()
        assert imported.is_set()
        inside = (store.quarters(), store.activity()["interactions"].sum(),
                  len(store.import_history()))
    after = (store.quarters(), store.activity()["interactions"].sum(),
             len(store.import_history()))
    assert inside == before == (["2026Q3"], 2, 1)
    assert after == (["2026Q2", "2026Q3"], 4, 2)


def test_concurrent_sessions_lose_and_duplicate_nothing(store):
    outcomes, errors, reads = run_sessions([store], writers=3, readers=2, rounds=3, seed=11)
    assert errors == []
    assert reads
    check_final_state(store, outcomes)


def test_two_stores_on_one_location_take_turns(opener):
    first, second = opener("shared"), opener("shared")
    outcomes, errors, _ = run_sessions([first, second], writers=2, readers=2, rounds=2, seed=5)
    assert errors == []
    check_final_state(first, outcomes)
    assert first.content_digest() == second.content_digest()


def test_each_row_keeps_its_file_and_sheet(store):
    rows = visits(("Acme", "Ann", 1, 2, "a.xlsx"), ("Beta", "Ann", 2, 3, "a.xlsx"),
                  ("Acme", "Ann", 3, 2, "a.xlsx"), ("Gamma", "Ben", 4, 7, "b.csv"))
    rows["source_sheet"] = ["Q3", "Q3", "July", None]
    store_visits(store, "sheets", rows)
    store_visits(store, "one", visits(("Acme", "Ann", 5, 9, "c.csv")))
    found = store.interactions().sort_values("date")
    assert list(zip(found["source_file"], found["source_sheet"].fillna("-"),
                    found["source_row"], strict=True)) == [
        ("a.xlsx", "Q3", 2), ("a.xlsx", "Q3", 3), ("a.xlsx", "July", 2), ("b.csv", "-", 7),
        ("c.csv", "-", 9)]
