"""The README's commands as make runs them (dry runs: nothing is installed or started)."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

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


def make(target: str, *variables: str, user: str | None = None) -> subprocess.CompletedProcess:
    """Return ``make`` run for real on ``target`` (a time limit: it must never wait)."""
    command = ["make", "-s", target, *variables]
    if user is not None:
        command = ["runuser", "-u", user, "--", *command]
    return subprocess.run(command, cwd=settings.REPO_ROOT, capture_output=True, text=True,
                          timeout=60)


def test_make_test_checks_what_the_tests_need_before_anything_else():
    for target in ("test", "test-fast"):
        commands = dry_run(target)
        assert commands.index("dpkg -s") < commands.index("-m pytest")
        for package in ("chromium", "libreoffice-calc-nogui", "libreoffice-impress-nogui",
                        "poppler-utils"):
            assert package in commands


def test_what_the_tests_need_is_here():
    # This machine has them all (.ci/run installs them): the check passes and says nothing.
    done = make("test-deps")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_a_missing_package_stops_make_at_once_naming_the_command():
    done = make("test-deps", "INSTALL_DEPS=no", "TEST_PACKAGES=chromium kam-no-such-package")
    assert done.returncode != 0
    assert ("make test needs kam-no-such-package, which this machine lacks. Install with:\n"
            "  sudo apt-get install -y --no-install-recommends kam-no-such-package\n"
            ) in done.stderr


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which("runuser"),
                    reason="needs root to run make as another user")
def test_a_user_who_cannot_install_is_told_the_command_not_left_waiting():
    # Not root: nothing is installed (apt-get would ask for a password or fail), make stops.
    done = make("test-deps", "TEST_PACKAGES=kam-no-such-package", user="nobody")
    assert done.returncode != 0
    assert "sudo apt-get install -y --no-install-recommends kam-no-such-package" in done.stderr
    assert "installing" not in done.stdout
