"""A separate process that writes library entries, for the index consistency tests.

    python -m tests.search.worker DATABASE_URL INDEX_DIR crash|write|start TITLE [COUNT]

`crash` commits one published entry and dies before indexing it, as a killed worker would.
`write` commits COUNT published entries one at a time, each indexed after its commit.
`start` starts the app (creating the index if there is none) and adds one document, with
id COUNT, straight to the index. The backend is Whoosh unless SEARCH_BACKEND says otherwise.
"""

import os
import sys

from portal import create_app
from portal.search.whoosh import changes
from tests.library.factories import published_entry


def main(url: str, index_dir: str, mode: str, title: str, count: str = "1") -> None:
    app = create_app({"PORTAL_ENV": "test", "SQLALCHEMY_DATABASE_URI": url,
                      "SEARCH_INDEX_DIR": index_dir,
                      "SEARCH_BACKEND": os.environ.get("SEARCH_BACKEND", "whoosh")})
    with app.app_context():
        if mode == "start":
            changes.add_documents([("library", int(count), {"title": title, "body": title})])
            return
        if mode == "crash":
            changes.apply_pending = lambda *_: os._exit(9)  # die between commit and indexing
        for n in range(int(count)):
            published_entry(title=f"{title} {n}")


if __name__ == "__main__":
    main(*sys.argv[1:])
