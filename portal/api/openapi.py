"""The API's OpenAPI 3.1 document: served at /api/v1/openapi.json, shown to people at
/open-data.

Written by hand beside the code it describes (`openapi.yaml`) and read once a process. The
served copy names the request's own server, so a client behind the proxy sees the public
address. A test checks that the document and the app's routes name the same endpoints, and
Schemathesis checks the answers against it."""

import copy
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlencode

from flask import Blueprint, jsonify, render_template, url_for

from portal.api import bp

SOURCE = Path(__file__).with_name("openapi.yaml")
PREFIX = "/api/v1"

# The page for people sits outside /api/v1 (an HTML page, not open data).
pages = Blueprint("open_data", __name__)


@cache
def _document() -> dict:
    import yaml  # only the document's readers pay for the parser

    return yaml.safe_load(SOURCE.read_text(encoding="utf-8"))


def document(*, external: bool = False) -> dict:
    """The document, its server URL made absolute when `external` (in a request)."""
    found = copy.deepcopy(_document())
    if external:
        found["servers"] = [{"url": url_for("api.health", _external=True).rsplit("/", 1)[0]}]
    return found


@dataclass(frozen=True)
class Parameter:
    name: str
    where: str
    required: bool
    takes: str
    description: str


@dataclass(frozen=True)
class Operation:
    path: str
    summary: str
    description: str
    parameters: list[Parameter]
    responses: list[tuple[str, str]]
    example: str | None  # a request to try, when every path parameter has an example

    @property
    def anchor(self) -> str:
        return "get-" + "".join(c if c.isalnum() else "-" for c in self.path).strip("-")


def _resolve(node: dict) -> dict:
    while "$ref" in node:
        found = _document()
        for part in node["$ref"].removeprefix("#/").split("/"):
            found = found[part]
        node = found
    return node


def _takes(schema: dict) -> str:
    """What a parameter takes, in words: 'whole number, 1 to 100', 'one of: a, b', 'date'."""
    schema = _resolve(schema)
    if "anyOf" in schema:
        return " or ".join(dict.fromkeys(_takes(option) for option in schema["anyOf"]))
    if "enum" in schema:
        return "one of: " + ", ".join(str(value) for value in schema["enum"])
    if schema.get("pattern") == "^ *$" or schema.get("maxLength") == 0:
        return "empty"
    if schema.get("type") == "integer":
        low, high = schema.get("minimum"), schema.get("maximum")
        span = f", {low:,} to {high:,}" if low is not None and high is not None else (
            f", from {low:,}" if low is not None else "")
        return f"whole number{span}"
    return {"date": "date (YYYY-MM-DD)", "date-time": "date and time (ISO 8601)"}.get(
        schema.get("format"), "text")


def _parameter(node: dict) -> Parameter:
    found = _resolve(node)
    return Parameter(found["name"], found["in"], bool(found.get("required")),
                     _takes(found.get("schema", {})),
                     found.get("description") or _resolve(found.get("schema", {})).get(
                         "description", ""))


def _example(path: str, parameters: list[dict]) -> str | None:
    values, query = {}, {}
    for parameter in map(_resolve, parameters):
        if "example" not in parameter:
            if parameter["in"] == "path":
                return None
            continue
        (values if parameter["in"] == "path" else query)[parameter["name"]] = parameter["example"]
    filled = PREFIX + path.format(**values)
    return filled + (f"?{urlencode(query)}" if query else "")


def _operation(path: str, spec: dict) -> Operation:
    parameters = spec.get("parameters", [])
    return Operation(
        path=PREFIX + path, summary=spec["summary"], description=spec.get("description", ""),
        parameters=[_parameter(node) for node in parameters],
        responses=[(status, _resolve(answer)["description"])
                   for status, answer in spec["responses"].items()],
        example=_example(path, parameters))


@dataclass(frozen=True)
class Section:
    name: str
    description: str
    operations: list[Operation]


@cache
def reference() -> tuple[Section, ...]:
    """The operations grouped under the document's tags, in the document's order."""
    found = _document()
    operations = [(spec["tags"][0], _operation(path, spec))
                  for path, item in found["paths"].items() for spec in [item["get"]]]
    return tuple(Section(tag["name"], tag["description"],
                         [operation for name, operation in operations if name == tag["name"]])
                 for tag in found["tags"])


@bp.route("/openapi.json")
def openapi():
    return jsonify(document(external=True))


@pages.route("/open-data")
def open_data():
    return render_template("api/open_data.html", info=_document()["info"],
                           sections=reference())
