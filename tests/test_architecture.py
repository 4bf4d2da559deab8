"""The portal's areas import in one direction, read from the source itself.

The order is the one at the top of the README's architecture paragraph: an area may import
the foundation, itself and the areas below it, never one above it or a peer beside it; the
time-driven jobs, the demo data and the commands sit above every area; the app factory
(`portal/__init__.py`) above everything. Lazy imports inside functions count the same.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PORTAL = ROOT / "portal"

# What every area may use: models, the extensions and the cross-cutting helpers.
FOUNDATION = {"models", "extensions", "errors", "permissions", "audit", "clock", "forms",
              "urls", "views", "templating", "uploads", "markdown", "caching", "reference",
              "commands", "pagecache"}
# Lowest first; areas on one line are peers and may not import each other.
LAYERS = [["search"], ["notifications"], ["auth"], ["organisations"], ["guidance"], ["alerts"],
          ["library"], ["innovations"], ["opportunities"], ["events"], ["bids"], ["feedback"],
          ["contracts"], ["directory"],
          ["areas", "ocds"], ["main", "admin", "api"], ["jobs", "demo"], ["cli"], ["portal"]]
LEVEL = {area: level for level, areas in enumerate(LAYERS) for area in areas}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PORTAL.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def area(module: str) -> str:
    """'bids' for portal.bids.services, 'portal' for the app factory itself."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "portal"


def imports(module: str) -> list[tuple[str, int, bool]]:
    """(imported portal module, line, lazy) for each import in the module's source."""
    tree = ast.parse(MODULES[module].read_text(), filename=str(MODULES[module]))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in MODULES
                     else node.module for alias in node.names]
        else:
            continue
        found += [(name, node.lineno, node.col_offset > 0) for name in names
                  if name == "portal" or name.startswith("portal.")]
    return found


def _allowed(importer: str, imported: str) -> bool:
    here, there = area(importer), area(imported)
    if here == there or there in FOUNDATION:
        return True
    if here in FOUNDATION:
        return False
    return LEVEL[there] < LEVEL[here]


def test_every_module_belongs_to_the_foundation_or_an_area():
    unknown = {area(name) for name in MODULES} - FOUNDATION - set(LEVEL)
    assert not unknown, f"Give these a place in FOUNDATION or LAYERS (and the README): {unknown}"


def test_no_import_runs_against_the_order_of_areas():
    wrong = [f"{MODULES[name].relative_to(ROOT)}:{line} imports {imported}"
             f"{' (inside a function)' if lazy else ''}"
             for name in MODULES for imported, line, lazy in imports(name)
             if not _allowed(name, imported)]
    assert not wrong, "Imports against the order of areas:\n" + "\n".join(wrong)


def _graph() -> dict[str, set[str]]:
    graph = {}
    for name in MODULES:
        targets = set()
        for imported, _line, lazy in imports(name):
            while imported not in MODULES and "." in imported:
                imported = imported.rsplit(".", 1)[0]
            if not lazy and imported != name:
                targets.add(imported)
        graph[name] = targets
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle among modules, or None. A package's `__init__` reaching its own
    submodule is how a package is built, not a cycle of areas: those edges are left out."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in graph.get(node, ()):
            if target.startswith(node + "."):
                continue
            if state.get(target) == 1:
                return stack[stack.index(target):] + [target]
            if not state.get(target) and (found := visit(target)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in graph:
        if not state.get(node) and (found := visit(node)):
            return found
    return None


def test_there_is_no_import_cycle():
    cycle = _cycle(_graph())
    assert cycle is None, "Import cycle: " + " -> ".join(cycle or [])


@pytest.mark.parametrize("service", [
    "portal.bids.queries", "portal.bids.services", "portal.opportunities.services",
    "portal.alerts.services", "portal.library.services", "portal.contracts.services",
    "portal.innovations.services", "portal.areas.services", "portal.jobs"])
def test_importing_a_service_loads_no_view(service):
    if service not in MODULES:
        pytest.fail(f"{service} does not exist")
    code = ("import sys, importlib; importlib.import_module(sys.argv[1]); "
            "print('\\n'.join(m for m in sys.modules if m.startswith('portal.')))")
    loaded = subprocess.run([sys.executable, "-c", code, service], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout.split()
    views = [m for m in loaded if m.rsplit(".", 1)[-1] in ("routes", "editing")
             or m.startswith("portal.api")]
    assert not views, f"Importing {service} loads the web layer: {views}"


def test_the_readme_states_the_same_order():
    readme = (ROOT / "README.md").read_text()
    written = " < ".join(" / ".join(areas) for areas in LAYERS[:-1])
    assert written in readme, f"Put this line in the README's architecture section:\n{written}"
