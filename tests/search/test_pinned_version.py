"""The Whoosh backend loads only with the whoosh-reloaded its fast paths were written against."""

import subprocess
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, version

import pytest

from portal.search import whoosh
from tests.search.test_consistency import ROOT


def test_the_installed_whoosh_is_the_pinned_one_and_loads():
    assert version("whoosh-reloaded") == whoosh.PINNED
    whoosh.check_version()


def test_the_pin_in_pyproject_is_the_one_checked():
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"][
        "dependencies"]
    assert f"whoosh-reloaded=={whoosh.PINNED}" in dependencies


def test_another_version_is_refused_with_what_to_install():
    with pytest.raises(whoosh.UnsupportedWhooshVersion) as refused:
        whoosh.check_version("2.7.6")
    message = str(refused.value)
    assert "whoosh-reloaded 2.7.6 is installed" in message
    assert "pip install 'whoosh-reloaded==2.7.5'" in message


def test_a_missing_whoosh_reloaded_is_refused(monkeypatch):
    def missing(name):
        raise PackageNotFoundError(name)

    monkeypatch.setattr(whoosh, "version", missing)
    with pytest.raises(whoosh.UnsupportedWhooshVersion, match="whoosh-reloaded is not installed"):
        whoosh.check_version()


def test_loading_the_backend_checks_the_version():
    """In a fresh interpreter that reports another version, importing the backend fails."""
    program = ("import importlib.metadata as metadata\n"
               "metadata.version = lambda name: '2.8.0'\n"
               "import portal.search.whoosh.backend\n")
    run = subprocess.run([sys.executable, "-c", program], cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    assert run.returncode != 0
    assert "UnsupportedWhooshVersion" in run.stderr
    assert "needs whoosh-reloaded 2.7.5 exactly" in run.stderr
