"""The README's commands as make runs them (dry runs: nothing is installed or started)."""

from __future__ import annotations

import os
import subprocess

from kam_analytics import settings


def dry_run(target: str, **env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k not in ("KAM_DB", "DB")}
    return subprocess.run(["make", "-n", target], cwd=settings.REPO_ROOT, capture_output=True,
                          text=True, check=True, env={**environment, **env},
                          timeout=60).stdout


def test_make_run_serves_the_store_kam_db_names(tmp_path):
    store = tmp_path / "elsewhere.duckdb"
    commands = dry_run("run", KAM_DB=str(store))
    assert f"--db {store}" in commands  # seeded there when missing
    assert f"KAM_DB={store} " in commands and "streamlit run dashboard.py" in commands


def test_make_run_serves_the_default_store_without_kam_db():
    assert "KAM_DB=data/kam.duckdb " in dry_run("run")
