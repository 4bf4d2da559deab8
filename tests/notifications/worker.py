"""A separate process that runs `notify tick`, for the two-processes-at-once test.

    python -m tests.notifications.worker DATABASE_URL INDEX_DIR ROUNDS
"""

import sys

from portal import create_app
from portal.jobs import tick


def main(url: str, index_dir: str, rounds: str) -> None:
    app = create_app({"PORTAL_ENV": "test", "SQLALCHEMY_DATABASE_URI": url,
                      "SEARCH_INDEX_DIR": index_dir})
    with app.app_context():
        for _ in range(int(rounds)):
            tick()


if __name__ == "__main__":
    main(*sys.argv[1:])
