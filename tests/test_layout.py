"""The house and its rooms: module sizes, where streamlit may be imported, the README's map."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from kam_analytics import settings

PACKAGE = settings.REPO_ROOT / "kam_analytics"
ROOMS = ("ingest", "store", "analysis", "charts", "exports", "i18n", "app")
MAX_LINES = 600
# String tables are data, one entry a line: they grow with the interface, not with its logic.
DATA_MODULES = {PACKAGE / "i18n" / "en.py", PACKAGE / "i18n" / "ru.py"}


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _imports_streamlit(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import) and any(
                a.name.split(".")[0] == "streamlit" for a in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "streamlit":
            return True
    return False


@pytest.mark.parametrize("room", ROOMS)
def test_every_room_is_a_package(room):
    assert (PACKAGE / room / "__init__.py").is_file()


def test_no_module_is_over_the_size_limit():
    actual = {str(p.relative_to(PACKAGE)): n for p in _modules() if p not in DATA_MODULES
              and (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert actual == {}


def test_only_the_app_room_imports_streamlit():
    actual = [str(p.relative_to(PACKAGE)) for p in _modules()
              if _imports_streamlit(p) and p.parent.name != "app"]
    assert actual == []
    assert any(_imports_streamlit(p) for p in (PACKAGE / "app").glob("*.py"))


def test_ruff_bans_streamlit_outside_the_edge():
    config = (settings.REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"TID251"' in config and '"streamlit".msg' in config
    assert '"kam_analytics/app/*" = ["TID251"]' in config


def test_readme_layout_names_every_room():
    readme = (settings.REPO_ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme.split("## Layout", 1)[1]
    for room in ROOMS:
        assert f"  {room}/" in layout, room
