"""Flask extensions, created unbound and bound to the app in create_app."""

import sqlite3

import click
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mail import Mail
from flask_sqlalchemy import SQLAlchemy
from flask_talisman import Talisman
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
login_manager = LoginManager()
csrf = CSRFProtect()
mail = Mail()
limiter = Limiter(key_func=get_remote_address, default_limits=[])
talisman = Talisman()


class DeferredMigrate:
    """Flask-Migrate, loaded only by what migrates (`flask db`, `flask deploy`, the tests).
    Importing it loads Alembic, Mako and Pygments, a quarter of a second that every other
    command (two run every minute from cron) would pay for nothing. Until then the app holds
    a placeholder extension and a `db` command group that load the real ones on first use."""

    def __init__(self, **options):
        self.options = options

    def init_app(self, app, db, directory: str) -> None:
        app.extensions["migrate"] = _MigrateOnFirstUse(app, db, directory, self.options)
        app.cli.add_command(_MigrationCommands("db", help="Perform database migrations."))


class _MigrateOnFirstUse:
    """Stands in for Flask-Migrate's extension state: the first attribute read binds the real
    extension, which replaces this in app.extensions (and the `db` group in app.cli)."""

    def __init__(self, app, db, directory: str, options: dict):
        self._app, self._db, self._directory, self._options = app, db, directory, options

    def __getattr__(self, name: str):
        if name.startswith("__"):  # copy, pickle and friends probing: not a use
            raise AttributeError(name)
        from flask_migrate import Migrate

        Migrate(self._app, self._db, directory=self._directory, **self._options)
        return getattr(self._app.extensions["migrate"], name)


class _MigrationCommands(click.Group):
    """`flask db`: Flask-Migrate's own group, loaded only when the command runs."""

    def make_context(self, info_name, args, parent=None, **extra):
        from flask_migrate.cli import db as commands

        return commands.make_context(info_name, args, parent=parent, **extra)


migrate = DeferredMigrate(compare_type=True, render_as_batch=True)


@event.listens_for(Engine, "connect")
def _sqlite_enforces_foreign_keys(dbapi_connection, connection_record):
    """SQLite ignores foreign keys unless asked; PostgreSQL always checks them."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
