"""The OCDS 1.1.5 schemas, read offline from the shared folder (never copied into the project).

OCDS_SCHEMA_DIR names the folder; by default `../shared/ocds/1.1.5` beside the repository. The
release package schema refers to the release schema by its `id` URL, so both go into one
`referencing` registry under their ids and nothing is fetched.
"""

import json
import os
from functools import cache
from pathlib import Path

import pytest
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

ROOT = Path(__file__).resolve().parents[2]
FILES = ("release-schema.json", "release-package-schema.json")


def schema_dir() -> Path:
    return Path(os.environ.get("OCDS_SCHEMA_DIR") or ROOT.parent / "shared" / "ocds" / "1.1.5")


def load_schemas(folder: Path) -> dict[str, dict]:
    """Both schemas by file name; the test fails, saying where to look, if one is missing."""
    missing = [name for name in FILES if not (folder / name).is_file()]
    if missing:
        pytest.fail(f"The OCDS 1.1.5 schema is missing: {', '.join(missing)} not in {folder}. "
                    "Set OCDS_SCHEMA_DIR to the folder holding release-schema.json and "
                    "release-package-schema.json (see ../shared/ocds/README.md).", pytrace=False)
    return {name: json.loads((folder / name).read_text()) for name in FILES}


@cache
def _schemas() -> dict[str, dict]:
    return load_schemas(schema_dir())


def release_schema() -> dict:
    return _schemas()["release-schema.json"]


@cache
def _validator(name: str) -> Draft4Validator:
    schemas = _schemas()
    registry = Registry().with_resources(
        (schema["id"], Resource(schema, specification=DRAFT4)) for schema in schemas.values())
    return Draft4Validator(schemas[name], registry=registry,
                           format_checker=Draft4Validator.FORMAT_CHECKER)


def errors(document: dict, name: str) -> list[str]:
    """Every way `document` breaks the schema, as '<path>: <message>'."""
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
            for error in _validator(name).iter_errors(document)]


def release_errors(release: dict) -> list[str]:
    return errors(release, "release-schema.json")


def package_errors(package: dict) -> list[str]:
    return errors(package, "release-package-schema.json")
