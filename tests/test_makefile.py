"""`make run`: the links in email point where the portal is served."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(tmp_path, *args, **env) -> list[str]:
    """`make run` with the set-up skipped and a stand-in for `flask` that writes down each
    command and the PORTAL_BASE_URL it was given, then returns at once."""
    if shutil.which("make") is None:
        pytest.fail("make is not installed")
    log = tmp_path / "flask.log"
    flask = tmp_path / "flask"
    # The server (`run`) stays up a moment, so the sender and the tick started beside it write
    # their line before `make run` stops them.
    flask.write_text(f'#!/bin/sh\necho "$PORTAL_BASE_URL $1" >> {log}\n'
                     '[ "$1" = run ] && sleep 1\nexit 0\n')
    flask.chmod(0o755)
    environment = {k: v for k, v in os.environ.items() if k != "PORTAL_BASE_URL"} | env
    subprocess.run(["make", "--no-print-directory", "-o", "setup", "-o", "db", "-o", "demo",
                    "run", f"FLASK={flask}", *args], cwd=ROOT, env=environment,
                   start_new_session=True,  # `make run` ends by killing its process group
                   capture_output=True, timeout=60)
    return sorted(log.read_text().splitlines())


def test_make_run_on_another_port_links_to_that_port(tmp_path):
    assert _run(tmp_path, "PORT=5055") == [
        "http://127.0.0.1:5055 notify", "http://127.0.0.1:5055 outbox",
        "http://127.0.0.1:5055 run"]


def test_make_run_keeps_a_base_url_already_set(tmp_path):
    lines = _run(tmp_path, "PORT=5055", PORTAL_BASE_URL="https://portal.example.org")
    assert {line.split()[0] for line in lines} == {"https://portal.example.org"}
