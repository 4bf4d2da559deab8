"""Each backend provides what a backend must (portal/search/backend.py), the face calls
nothing else, and the configuration chooses the backend."""

import ast
import inspect

import pytest

from portal import create_app, search
from portal.search.backend import SearchBackend
from portal.search.postgres import backend as postgres_backend
from portal.search.whoosh import backend as whoosh_backend
from tests.search.test_consistency import ROOT


def _protocol_signatures() -> dict[str, inspect.Signature]:
    found = {}
    for name, function in vars(SearchBackend).items():
        if inspect.isfunction(function) and not name.startswith("_"):
            signature = inspect.signature(function)
            found[name] = signature.replace(parameters=list(signature.parameters.values())[1:])
    return found


@pytest.mark.parametrize("backend", [whoosh_backend, postgres_backend],
                         ids=["whoosh", "postgres"])
def test_each_backend_has_every_function_with_the_protocols_parameters(backend):
    for name, wanted in _protocol_signatures().items():
        got = inspect.signature(getattr(backend, name))
        assert list(got.parameters) == list(wanted.parameters), name
        assert [p.default for p in got.parameters.values()] == [
            p.default for p in wanted.parameters.values()], name


def test_the_face_asks_the_backend_only_for_what_the_protocol_names():
    tree = ast.parse((ROOT / "portal" / "search" / "__init__.py").read_text())
    asked = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)
             and isinstance(node.value, ast.Call) and getattr(node.value.func, "id", "") ==
             "_backend"}
    assert asked == set(_protocol_signatures())


def test_the_database_chooses_the_backend_unless_the_configuration_does(app):
    expected = (postgres_backend if app.config["SQLALCHEMY_DATABASE_URI"].startswith(
        "postgresql") else whoosh_backend)
    assert search._backend() is expected


def test_whoosh_can_be_chosen_on_postgresql_but_postgres_needs_postgresql(tmp_path):
    chosen = create_app({"PORTAL_ENV": "test", "SQLALCHEMY_DATABASE_URI": "postgresql://x/y",
                         "SEARCH_BACKEND": "whoosh", "SEARCH_INDEX_DIR": str(tmp_path)})
    assert chosen.config["SEARCH_BACKEND"] == "whoosh"
    with pytest.raises(RuntimeError, match="needs a PostgreSQL DATABASE_URL"):
        create_app({"PORTAL_ENV": "test", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                    "SEARCH_BACKEND": "postgres"})
    with pytest.raises(RuntimeError, match="SEARCH_BACKEND must be one of whoosh, postgres"):
        create_app({"PORTAL_ENV": "test", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                    "SEARCH_BACKEND": "elastic"})
