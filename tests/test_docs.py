"""The README and the strings table keep up with the code."""

import re

from kam_analytics import cli, settings
from kam_analytics.i18n.en import EN

README = (settings.REPO_ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_names_every_cli_command():
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    missing = [name for name in sub.choices if f"kam_analytics {name}" not in README]
    assert missing == []


def test_readme_has_the_two_commands_and_the_screenshot():
    assert "make run" in README and "make test" in README
    assert "docs/heatmap.png" in README and (settings.REPO_ROOT / "docs/heatmap.png").exists()


def test_every_literal_string_key_used_in_code_exists():
    sources = [*settings.REPO_ROOT.glob("kam_analytics/**/*.py"), *settings.REPO_ROOT.glob(
        "pages/*.py"), settings.REPO_ROOT / "dashboard.py"]
    used = set()
    for path in sources:
        used |= set(re.findall(r"""\bt\(\s*"([a-z_]+\.[a-z_. ]+)"\s*[,)]""",
                               path.read_text(encoding="utf-8")))
    assert len(sources) > 30  # every room's modules, not the top level alone
    assert sorted(k for k in used if k not in EN) == []
