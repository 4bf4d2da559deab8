"""Flask commands: the release step, demo data, admin accounts, the outbox sender."""

from collections.abc import Iterator
from contextlib import contextmanager

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import text

from portal.commands import run_every
from portal.errors import ValidationFailed
from portal.extensions import db

users_cli = AppGroup("users", help="Manage accounts.")
outbox_cli = AppGroup("outbox", help="Deliver queued email.")


@users_cli.command("create-admin")
@click.option("--email", prompt=True, help="The admin's email address.")
@click.option("--name", prompt=True, help="The admin's full name.")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              envvar="ADMIN_PASSWORD", help="Or set ADMIN_PASSWORD.")
def create_admin(email: str, name: str, password: str) -> None:
    """Create a site admin with a verified address."""
    from portal.auth.services import create_admin as create

    try:
        user = create(email, name, password)
    except ValidationFailed as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Created admin {user.email}")


@outbox_cli.command("send")
@click.option("--every", type=float, default=0,
              help="Keep running, sending every N seconds; survives database outages.")
def send(every: float) -> None:
    """Send every due message; retry failures later with back-off."""
    from portal.notifications.outbox import send_due

    def once():
        report = send_due()
        if report.sent or report.retrying or report.failed or not every:
            click.echo(f"sent {report.sent}, retrying {report.retrying}, failed {report.failed}")
        for line in report.errors:
            click.echo(f"  {line}", err=True)

    run_every(every, once)


uploads_cli = AppGroup("uploads", help="Uploaded files.")


@uploads_cli.command("copy-to-database")
def copy_uploads_to_database() -> None:
    """Copy the files in UPLOAD_DIR into the database: run it before a site that kept them in
    a directory starts using UPLOAD_STORAGE=database (the default on PostgreSQL)."""
    from portal.uploads import copy_directory_into_database

    click.echo(f"Copied {copy_directory_into_database()} files into the database.")


notify_cli = AppGroup("notify", help="Time-driven notifications.")


@notify_cli.command("tick")
@click.option("--every", type=float, default=0,
              help="Keep running, ticking every N seconds; survives database outages.")
def tick(every: float) -> None:
    """Queue everything due now: deadline reminders, bids ready to open, alert digests."""
    from portal.jobs import tick as run_tick

    def once():
        report = run_tick()
        if not every or report.reminders or report.bids_ready or report.digests:
            click.echo(str(report))

    run_every(every, once)


# PostgreSQL advisory lock held while one host migrates ("portal" in ASCII).
MIGRATION_LOCK = 0x706F7274616C


@contextmanager
def migration_lock() -> Iterator[None]:
    """Hold the database's migration lock: hosts starting together migrate one after another
    (the later ones find nothing left to do). A lock of the session, on a connection of its
    own, so a host that dies mid-migration lets it go with its connection. SQLite is one
    host's database: there is no one to wait for."""
    if db.engine.dialect.name != "postgresql":
        yield
        return
    with db.engine.connect() as connection:
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
        connection.commit()  # the lock outlives the transaction; nothing is left open
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})
            connection.commit()


@click.command("deploy")
def deploy() -> None:
    """The release step, before starting the new web processes: upgrade the database to the
    latest migration, one host at a time, and build the search index if it is missing (a
    new Whoosh host, or a site just switched to SEARCH_BACKEND=postgres)."""
    from flask_migrate import upgrade

    from portal import search

    with migration_lock():
        upgrade()
        click.echo("Database upgraded to the latest migration.")
        built = search.sync(processes=search.processes_for(search.public_count()))
    click.echo(f"Search is ready ({built} changes applied).")


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing if any organisation exists.")
def seed_demo(if_empty: bool) -> None:
    """Load the demo organisations and accounts listed in the README."""
    from portal import demo

    if if_empty and not demo.database_is_empty():
        click.echo("Demo data not loaded: the database already has organisations.")
        return
    demo.load()
    db.session.commit()
    click.echo("Demo data loaded. Accounts are listed in the README.")


def register(app: Flask) -> None:
    from portal.areas.cli import indicators_cli
    from portal.library.cli import library_cli
    from portal.search.cli import search_cli

    app.cli.add_command(indicators_cli)
    app.cli.add_command(library_cli)
    app.cli.add_command(search_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(outbox_cli)
    app.cli.add_command(uploads_cli)
    app.cli.add_command(notify_cli)
    app.cli.add_command(seed_demo)
    app.cli.add_command(deploy)
