"""The Whoosh backend provides what a backend must (portal/search/backend.py), and the face
calls nothing else."""

import ast
import inspect

from portal import search
from portal.search.backend import SearchBackend
from portal.search.whoosh import backend as whoosh_backend
from tests.search.test_consistency import ROOT


def _protocol_signatures() -> dict[str, inspect.Signature]:
    found = {}
    for name, function in vars(SearchBackend).items():
        if inspect.isfunction(function) and not name.startswith("_"):
            signature = inspect.signature(function)
            found[name] = signature.replace(parameters=list(signature.parameters.values())[1:])
    return found


def test_the_whoosh_backend_has_every_function_with_the_protocols_parameters():
    for name, wanted in _protocol_signatures().items():
        got = inspect.signature(getattr(whoosh_backend, name))
        assert list(got.parameters) == list(wanted.parameters), name
        assert [p.default for p in got.parameters.values()] == [
            p.default for p in wanted.parameters.values()], name


def test_the_face_asks_the_backend_only_for_what_the_protocol_names():
    tree = ast.parse((ROOT / "portal" / "search" / "__init__.py").read_text())
    asked = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)
             and isinstance(node.value, ast.Call) and getattr(node.value.func, "id", "") ==
             "_backend"}
    assert asked == set(_protocol_signatures())


def test_the_face_hands_work_to_the_whoosh_backend_today():
    assert search._backend() is whoosh_backend
