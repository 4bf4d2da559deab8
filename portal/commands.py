"""What the Flask commands of every area share: a repeating timer and all-or-nothing imports.

The commands themselves live with their area (`portal/areas/cli.py`, `portal/library/cli.py`,
`portal/search/cli.py`) and are gathered by `portal/cli.py`, the top of the import order.
"""

import time
from collections.abc import Callable

import click
from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from portal.errors import ValidationFailed
from portal.extensions import db
from portal.permissions import COMMAND_LINE

MAX_BACKOFF = 300.0  # seconds between tries while the database stays away


def run_every(every: float, once: Callable[[], None], *,
              sleep: Callable[[float], None] = time.sleep) -> None:
    """Run `once`; with `every`, again every so many seconds, for as long as the process lives.
    A database error in a repeating run (a restart, a fail-over, a dropped connection) is
    logged and the next try waits twice as long, up to MAX_BACKOFF, rather than ending the
    loop; a single run lets it end the command with an error."""
    failures = 0
    while True:
        try:
            once()
            failures = 0
        except SQLAlchemyError:
            if not every:
                raise
            failures += 1
            current_app.logger.exception("Database error (%d in a row); trying again", failures)
        finally:
            db.session.remove()
        if not every:
            return
        sleep(min(every * 2 ** failures, MAX_BACKOFF))


def import_all_or_nothing(importer, lines: list[str], *, path: str, length: int, label: str,
                          problems: str):
    """Run an importer that checks everything before storing anything, with a progress bar,
    and give what it returns. On bad input, name every problem and exit with status 1, having
    stored nothing."""
    try:
        with click.progressbar(length=length, label=label) as bar:
            count = importer(lines, actor=COMMAND_LINE, progress=bar.update)
    except ValidationFailed as error:
        db.session.rollback()
        click.echo(f"Nothing imported: {len(error.errors)} {problems} in {path}", err=True)
        for where, message in error.errors.items():
            click.echo(f"  {where}: {message}", err=True)
        raise SystemExit(1) from error
    db.session.commit()
    return count
