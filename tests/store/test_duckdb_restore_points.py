"""Restore points: before each import, a note of the imports in force for the quarters it
touches; putting one back undoes every change since, and is undone the same way. Figures by
hand from the three small files of tests/store/test_duckdb_handover.py."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kam_analytics import cli, ingest, settings
from kam_analytics.i18n import t
from kam_analytics.store import DuckDBStore, HandedStore, open_store
from tests.store.test_duckdb_handover import Q1 as A_Q1
from tests.store.test_duckdb_handover import Q1_AGAIN as C_Q1
from tests.store.test_duckdb_handover import Q2 as B_Q2
from tests.store.test_duckdb_handover import held


def three_imports(store) -> None:
    """A: 2026Q1, 3 rows; B: 2026Q2, 2 rows; C: 2026Q1, 1 row, replacing A."""
    ingest.run_import(store, [("a.csv", A_Q1.encode())])
    ingest.run_import(store, [("b.csv", B_Q2.encode())])
    ingest.run_import(store, [("c.csv", C_Q1.encode())], mode="replace")


def in_force(store) -> dict[str, float]:
    """Return the cost in force per quarter."""
    return store.activity().groupby("quarter")["cost"].sum().to_dict()


def test_a_restore_point_undoes_a_replace_and_the_restore_is_undone_the_same_way(tmp_path):
    store = open_store(tmp_path / "kam.duckdb")
    three_imports(store)
    # Q1 from C (70), Q2 from B (20 + 10)
    assert in_force(store) == {"2026Q1": 70.0, "2026Q2": 30.0}
    points = store.restore_points()
    assert points[["point_id", "kind", "ref", "imports", "last_import", "interactions"]
                  ].values.tolist() == [[3, "import", 3, 2, 2, 5],   # before C: A 3 + B 2
                                        [2, "import", 2, 1, 1, 3],   # before B: A's 3
                                        [1, "import", 1, 0, 0, 0]]   # before A: nothing
    # Only the quarters each import touched were noted: C noted its own Q1 and A's.
    noted = store.db.rows("SELECT point_id, count(*) FROM restore_point_quarters "
                          "GROUP BY ALL ORDER BY 1")
    assert noted == [(1, 1), (2, 1), (3, 2)]

    assert store.restore_to(3) == 4  # back to before C: A's Q1 (100 + 50 + 30) again
    assert in_force(store) == {"2026Q1": 180.0, "2026Q2": 30.0}
    history = store.import_history().set_index("import_id")["status"].to_dict()
    assert history == {3: "replaced", 2: "active", 1: "active"}
    assert store.contents() == {"imports": 3, "interactions": 5, "last_import": 3}

    assert store.restore_to(4) == 5  # the restore undone: C in force again
    assert in_force(store) == {"2026Q1": 70.0, "2026Q2": 30.0}
    assert store.import_history().set_index("import_id")["replaced_by"].to_dict()[1] == 3

    store.restore_to(1)  # before the first import: nothing in force
    assert store.quarters() == [] and store.contents()["interactions"] == 0
    store.restore_import(2)  # an import set aside is made active again as any replaced one
    assert in_force(store) == {"2026Q2": 30.0}
    kinds = store.restore_points()[["point_id", "kind", "ref", "interactions"]].values.tolist()
    assert kinds[:3] == [[7, "restore_import", 2, 0], [6, "restore_point", 1, 3],
                         [5, "restore_point", 4, 5]]
    with pytest.raises(KeyError):
        store.restore_to(42)
    store.close()


def test_only_the_newest_points_are_kept_and_none_with_none_kept(tmp_path):
    store = DuckDBStore(tmp_path / "kam.duckdb", backups_kept=2)
    three_imports(store)
    assert store.restore_points()["point_id"].tolist() == [3, 2]
    assert store.db.rows("SELECT DISTINCT point_id FROM restore_point_quarters ORDER BY 1"
                         ) == [(2,), (3,)]
    with pytest.raises(KeyError):
        store.restore_to(1)
    store.close()
    none = DuckDBStore(tmp_path / "none.duckdb", backups_kept=0)
    three_imports(none)
    assert none.restore_points().empty and none.backups_table().empty
    none.close()


def test_the_command_line_lists_and_puts_back_a_point_while_the_dashboard_holds_the_store(
        tmp_path):
    db = tmp_path / "kam.duckdb"
    store = open_store(db)
    three_imports(store)
    store.close()
    with held(db, serve=True):
        listed = subprocess.run([sys.executable, "-m", "kam_analytics", "backups", "--db",
                                 str(db)], cwd=settings.REPO_ROOT, capture_output=True,
                                text=True, timeout=120)
        assert listed.returncode == 0, listed.stderr
        lines = listed.stdout.splitlines()
        assert lines[0] == t("restore_point.listing", db=db, keep=settings.BACKUPS_KEPT)
        # point, date, time, "import", "#3", imports, newest import, active interactions
        assert [line.split() for line in lines[2:5]] == [
            ["3", *lines[2].split()[1:3], "import", "#3", "2", "#2", "5"],
            ["2", *lines[3].split()[1:3], "import", "#2", "1", "#1", "3"],
            ["1", *lines[4].split()[1:3], "import", "#1", "0", "—", "0"]]
        done = subprocess.run([sys.executable, "-m", "kam_analytics", "restore-point", "3",
                               "--db", str(db)], cwd=settings.REPO_ROOT, capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == t("restore_point.restored", id=3, previous=4)
        handed = open_store(db)
        assert isinstance(handed, HandedStore) and in_force(handed) == {"2026Q1": 180.0,
                                                                         "2026Q2": 30.0}
        handed.close()
        assert cli.main(["restore-point", "9", "--db", str(db)]) == cli.EXIT_REJECTED
    mine = DuckDBStore(db, read_only=True)
    assert mine.audit_log()["detail"].tolist() == [t("audit.restore_point", id=3)]
    mine.close()
