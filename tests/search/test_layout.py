"""Search has one face: whoosh stays in its backend, and the portal calls only `portal.search`.

Read from the source with `ast`, imports inside functions included. Tests and the
benchmark exercise the Whoosh backend's parts directly, so only `portal/` is checked.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PORTAL = ROOT / "portal"
SEARCH = PORTAL / "search"
BACKEND = SEARCH / "whoosh"
# Modules of portal.search that code outside it may import, and why.
ALLOWED = {
    "portal.search": "the face",
    "portal.search.cli": "portal/cli.py adds the `flask search` commands",
    "portal.search.routes": "create_app imports each area's routes",
}


def _is_module(dotted: str) -> bool:
    path = ROOT.joinpath(*dotted.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def _imported(source: str, package: str) -> set[str]:
    """Every module the source imports: `from a import b` counts `a`, and `a.b` when b is
    a module (so `from portal.search import whoosh` imports the backend). `package` is
    the one the source's module is in, for relative imports."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(parts + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names
                         if _is_module(f"{base}.{alias.name}"))
    return found


def _imports_by_module(under: Path) -> dict[str, set[str]]:
    found = {}
    for path in sorted(under.rglob("*.py")):
        package = ".".join(path.relative_to(ROOT).parent.parts)
        found[str(path.relative_to(ROOT))] = _imported(path.read_text(), package)
    return found


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _offenders(under: Path, wrong, skip: Path | None = None) -> dict[str, list[str]]:
    return {path: sorted(filter(wrong, names))
            for path, names in _imports_by_module(under).items()
            if any(map(wrong, names)) and not (skip and (ROOT / path).is_relative_to(skip))}


def test_only_the_whoosh_backend_imports_whoosh():
    assert _offenders(PORTAL, lambda name: _within(name, "whoosh"), skip=BACKEND) == {}


def test_the_rest_of_the_portal_imports_only_the_search_face():
    def wrong(name: str) -> bool:
        return _within(name, "portal.search") and name not in ALLOWED

    assert _offenders(PORTAL, wrong, skip=SEARCH) == {}


def test_the_face_loads_a_backend_only_when_it_is_used():
    """Nothing backend-neutral imports the backend: `_backend()` loads it on first use, so
    importing `portal.search` (as every area that registers a kind does) loads no engine."""
    def wrong(name: str) -> bool:
        return _within(name, "portal.search.whoosh")

    assert _offenders(SEARCH, wrong, skip=BACKEND) == {}


def test_the_check_sees_submodules_relative_imports_and_imports_inside_functions():
    source = ("def f():\n"
              "    from portal.search import whoosh, run\n"
              "    import whoosh.query\n"
              "from .whoosh import query\n")
    assert _imported(source, "portal.search") == {
        "portal.search", "portal.search.whoosh", "whoosh.query", "portal.search.whoosh.query"}
