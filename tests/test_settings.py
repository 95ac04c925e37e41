from pathlib import Path

from kam_analytics import settings


def test_db_path_precedence(monkeypatch):
    monkeypatch.delenv(settings.DB_ENV_VAR, raising=False)
    assert settings.db_path() == settings.DEFAULT_DB_PATH
    monkeypatch.setenv(settings.DB_ENV_VAR, "/tmp/env.duckdb")
    assert settings.db_path() == Path("/tmp/env.duckdb")
    assert settings.db_path("/tmp/flag.duckdb") == Path("/tmp/flag.duckdb")
