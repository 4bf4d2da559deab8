"""Schemathesis against the live app, on each database: every operation in the OpenAPI
document, over real HTTP, with the document's examples, its boundaries and generated
parameters, valid and invalid. The run fails on any 5xx and on any answer the document does
not describe (status, content type, headers, body), and on a bad parameter that is accepted
when the document says it is not. The demo's data is loaded, so detail pages answer with real
content. Schemathesis's own report is printed when it finds something."""

import subprocess
import sys
from pathlib import Path

from portal import demo
from portal.extensions import db
from tests.support import LiveServer

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
CONFIG = Path(__file__).with_name("schemathesis.toml")  # the checks, the seed, the examples


def test_every_answer_matches_the_openapi_document(app, tmp_path):
    demo.load()
    db.session.commit()
    with LiveServer(app) as server:
        run = subprocess.run(
            [str(SCHEMATHESIS), "--config-file", str(CONFIG), "--no-color", "run",
             f"{server.url}/api/v1/openapi.json"],
            capture_output=True, text=True, timeout=900, cwd=tmp_path, stdin=subprocess.DEVNULL)
    assert run.returncode == 0, run.stdout[-20000:] + run.stderr[-5000:]
