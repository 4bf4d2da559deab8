"""The Whoosh search backend: an index directory on each host, kept in step after each commit.

Everything in the portal that imports whoosh lives in this package. The fast paths
(analysis, bulk segments, scoring, snippets) read private names of whoosh-reloaded 2.7.5,
so loading the package first checks that exactly that version is installed: another one
might run, and answer wrongly, rather than fail. `backend.py` is what the search face
calls; the other modules are its parts.
"""

from importlib.metadata import PackageNotFoundError, version

DISTRIBUTION = "whoosh-reloaded"
PINNED = "2.7.5"


class UnsupportedWhooshVersion(RuntimeError):
    """The installed whoosh is not the version the fast paths were written against."""


def check_version(installed: str | None = None) -> None:
    """Refuse to load with any whoosh but the pinned whoosh-reloaded (`installed` for tests)."""
    if installed is None:
        try:
            installed = version(DISTRIBUTION)
        except PackageNotFoundError:
            installed = None
    if installed == PINNED:
        return
    found = f"{DISTRIBUTION} {installed} is installed" if installed else (
        f"{DISTRIBUTION} is not installed")
    raise UnsupportedWhooshVersion(
        f"The Whoosh search backend needs {DISTRIBUTION} {PINNED} exactly (its fast paths "
        f"use that version's internals), but {found}. Install the pinned version: "
        f"pip install '{DISTRIBUTION}=={PINNED}'.")


check_version()
