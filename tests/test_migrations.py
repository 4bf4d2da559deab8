"""The migrations build exactly the models' schema and load the reference data; `flask deploy`
runs them one host at a time."""

import threading
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import func, select, text

from portal import create_app
from portal.extensions import db
from portal.models import ClientGroup, Indicator, LocalArea, Outcome, Region
from tests.support import create_pg_database, drop_pg_database, free_port


def _models_only(obj, name, type_, reflected, compare_to):
    """The search backend's own tables (migration 0800) are not models."""
    return not (type_ == "table" and name in {"search_document", "search_word"})


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.db'}"
        return
    url = create_pg_database()
    yield url
    drop_pg_database(url)


def test_upgrade_on_an_empty_database_matches_the_models(empty_database, tmp_path):
    app = create_app({"PORTAL_ENV": "test", "SQLALCHEMY_DATABASE_URI": empty_database,
                      "SEARCH_INDEX_DIR": str(tmp_path / "ix"), "MAIL_PORT": free_port()})
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={
                "compare_type": True, "include_object": _models_only})
            diff = compare_metadata(context, db.metadata)
        db.engine.dispose()
    assert diff == []


def test_reference_data_is_loaded_by_the_migration(app):
    count = lambda model: db.session.scalar(select(func.count()).select_from(model))  # noqa: E731
    assert count(ClientGroup) == 4
    assert count(Outcome) == 2
    assert count(Indicator) == 8
    assert count(Region) == 9
    assert count(LocalArea) == 152


def test_each_indicator_belongs_to_its_client_group_and_outcome(app):
    ni148 = db.session.get(Indicator, "NI 148")
    assert (ni148.client_group_code, ni148.outcome_code) == ("care-leavers", "eet")
    ni143 = db.session.get(Indicator, "NI 143")
    assert (ni143.client_group_code, ni143.outcome_code) == ("offenders", "accommodation")


@pytest.mark.parametrize(
    ("code", "name", "region"),
    [
        ("E08000003", "Manchester", "North West"),
        ("E09000028", "Southwark", "London"),
        ("E10000023", "North Yorkshire", "Yorkshire and the Humber"),
        ("E06000057", "Northumberland", "North East"),
        ("E06000052", "Cornwall", "South West"),
        ("E06000042", "Milton Keynes", "South East"),
    ],
)
def test_local_areas_carry_their_ons_code_name_and_region(app, code, name, region):
    area = db.session.get(LocalArea, code)
    assert (area.name, area.region.name) == (name, region)


def _fill(conn, table_name: str, **values) -> None:
    """Insert one row, with a plain value in every required column not given."""
    from datetime import datetime

    from sqlalchemy import Boolean, DateTime, Integer, MetaData, Numeric, Table

    table = Table(table_name, MetaData(), autoload_with=conn)
    row = dict(values)
    for column in table.columns:
        if column.name in row or column.nullable or column.primary_key:
            continue
        kind = column.type
        row[column.name] = (
            False if isinstance(kind, Boolean) else
            datetime(2009, 1, 1) if isinstance(kind, DateTime) else
            0 if isinstance(kind, Integer | Numeric) else "x")
    conn.execute(table.insert().values(**row))


def test_every_migration_applies_to_a_database_that_already_has_accounts(
        empty_database, tmp_path):
    """Rows pointing at `organisation` must survive later migrations (a SQLite batch that
    copies the table and drops the original would be refused, or lose them)."""
    from sqlalchemy import text

    app = create_app({"PORTAL_ENV": "test", "SQLALCHEMY_DATABASE_URI": empty_database,
                      "SEARCH_INDEX_DIR": str(tmp_path / "ix"), "MAIL_PORT": free_port()})
    with app.app_context():
        upgrade(revision="0002")
        with db.engine.begin() as conn:
            _fill(conn, "organisation", id=1, name="Early Charity", name_key="early charity",
                  kind="charity", status="verified")
            _fill(conn, "user_account", id=1, email="early@example.org", name="Early",
                  organisation_id=1, membership="active")
        upgrade()
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT name FROM organisation")).scalars().all() == [
                "Early Charity"]
            assert conn.execute(text("SELECT organisation_id FROM user_account")
                                ).scalars().all() == [1]
        db.engine.dispose()


def test_existing_entries_get_an_identifier_from_the_migration(tmp_path, empty_database):
    """Entries made before identifiers existed get one each; nothing else is touched."""
    from datetime import date

    from sqlalchemy import text

    app = create_app({"PORTAL_ENV": "test", "SQLALCHEMY_DATABASE_URI": empty_database,
                      "SEARCH_INDEX_DIR": str(tmp_path / "ix"), "MAIL_PORT": free_port()})
    with app.app_context():
        upgrade(revision="0500")
        with db.engine.begin() as conn:
            for n in (1, 2):
                _fill(conn, "library_entry", id=n, evidence_rating=2, status="published",
                      period_start=date(2008, 4, 1), period_end=date(2009, 3, 31),
                      sources="[]")
                _fill(conn, "library_entry_client_group", entry_id=n,
                      client_group_code="care-leavers")
        upgrade(revision="0610")
        with db.engine.connect() as conn:
            identifiers = conn.execute(text(
                "SELECT identifier FROM library_entry ORDER BY id")).scalars().all()
            kept = conn.execute(text(
                "SELECT count(*) FROM library_entry_client_group")).scalar()
        db.engine.dispose()
    assert len(set(identifiers)) == 2 and all(len(i) == 36 for i in identifiers)
    assert kept == 2



def test_existing_bid_documents_are_given_random_references(empty_database, tmp_path):
    """0600: documents uploaded before bid documents had references keep working."""
    from sqlalchemy import text

    app = create_app({"PORTAL_ENV": "test", "SQLALCHEMY_DATABASE_URI": empty_database,
                      "SEARCH_INDEX_DIR": str(tmp_path / "ix"), "MAIL_PORT": free_port()})
    with app.app_context():
        upgrade(revision="0500")
        with db.engine.begin() as conn:
            _fill(conn, "organisation", id=1, name="Early Charity", name_key="early charity",
                  kind="charity", status="verified")
            _fill(conn, "user_account", id=1, email="early@example.org", name="Early",
                  organisation_id=1, membership="active")
            _fill(conn, "opportunity", id=1, organisation_id=1, created_by_id=1)
            _fill(conn, "bid", id=1, reference="early-bid", opportunity_id=1,
                  organisation_id=1, created_by_id=1, status="submitted")
            for n in (1, 2, 3):
                _fill(conn, "bid_attachment", id=n, bid_id=1, stored_name=f"{n:032x}.pdf")
        upgrade()
        with db.engine.connect() as conn:
            references = conn.execute(text("SELECT reference FROM bid_attachment ORDER BY id")
                                      ).scalars().all()
        db.engine.dispose()
    assert len(set(references)) == 3
    assert all(len(reference) >= 16 and not reference.isdigit() for reference in references)


def _deploy_app(url, tmp_path):
    return create_app({"PORTAL_ENV": "test", "SQLALCHEMY_DATABASE_URI": url,
                       "SEARCH_INDEX_DIR": str(tmp_path / "ix"), "MAIL_PORT": free_port()})


def _version(app) -> str | None:
    with app.app_context(), db.engine.connect() as conn:
        version = MigrationContext.configure(conn).get_current_revision()
    return version


def test_deploy_upgrades_an_empty_database_to_the_latest_migration(empty_database, tmp_path):
    app = _deploy_app(empty_database, tmp_path)
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["deploy"])
    assert result.exit_code == 0, result.output
    head = sorted(Path(__file__).parent.parent.glob("migrations/versions/*.py"))[-1].name[:4]
    assert _version(app) == head
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize("empty_database", ["postgresql"], indirect=True)
def test_deploy_waits_while_another_host_migrates(empty_database, tmp_path):
    """Two hosts starting together: the second waits for the first's lock, then finds the
    database at the latest migration and does nothing."""
    from portal.cli import MIGRATION_LOCK

    app = _deploy_app(empty_database, tmp_path)
    results = []
    with app.app_context(), db.engine.connect() as other_host:
        other_host.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
        def deploy():
            with app.app_context():
                results.append(app.test_cli_runner().invoke(args=["deploy"]))

        thread = threading.Thread(target=deploy)
        thread.start()
        thread.join(timeout=2)
        assert thread.is_alive() and _version(app) is None  # waiting, nothing migrated
        other_host.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})
        other_host.commit()
        thread.join(timeout=60)
    assert results[0].exit_code == 0, results[0].output
    assert _version(app) is not None
    with app.app_context():
        db.engine.dispose()


def test_existing_contracts_get_a_schedule_and_their_reports_a_period(empty_database,
                                                                      tmp_path):
    """0920: a contract let before schedules gets quarterly periods, each due 30 days after
    it ends; a report joins the period its end date falls in, one that fits none stays
    unattached; an SME flag nobody set becomes 'not recorded'."""
    from datetime import date

    from sqlalchemy import text

    app = create_app({"PORTAL_ENV": "test", "SQLALCHEMY_DATABASE_URI": empty_database,
                      "SEARCH_INDEX_DIR": str(tmp_path / "ix"), "MAIL_PORT": free_port()})
    with app.app_context():
        upgrade(revision="0910")
        with db.engine.begin() as conn:
            _fill(conn, "organisation", id=1, name="Early Charity", name_key="early charity",
                  kind="charity", status="verified")
            _fill(conn, "user_account", id=1, email="early@example.org", name="Early",
                  organisation_id=1, membership="active")
            _fill(conn, "opportunity", id=1, organisation_id=1, created_by_id=1)
            _fill(conn, "bid", id=1, reference="early-bid", opportunity_id=1,
                  organisation_id=1, created_by_id=1, status="submitted")
            _fill(conn, "contract", id=1, opportunity_id=1, bid_id=1, organisation_id=1,
                  value=1000, starts_on=date(2027, 4, 1), ends_on=date(2027, 12, 31),
                  awarded_by_id=1, winning_score=80)
            for n, end in ((1, date(2027, 6, 30)), (2, date(2027, 9, 15)),
                           (3, date(2028, 2, 1))):
                _fill(conn, "outcome_report", id=n, contract_id=1, status="submitted",
                      period_start=date(2027, 4, 1), period_end=end, submitted_by_id=1)
        upgrade()
        with db.engine.connect() as conn:
            periods = conn.execute(text("SELECT id, starts_on, ends_on, due_on FROM "
                                        "reporting_period ORDER BY starts_on")).all()
            attached = conn.execute(text("SELECT period_id FROM outcome_report ORDER BY id")
                                    ).scalars().all()
            sme = conn.execute(text("SELECT is_sme FROM organisation")).scalars().all()
        db.engine.dispose()
    days = [tuple(date.fromisoformat(str(d)[:10]) for d in row[1:]) for row in periods]
    assert days == [(date(2027, 4, 1), date(2027, 6, 30), date(2027, 7, 30)),
                    (date(2027, 7, 1), date(2027, 9, 30), date(2027, 10, 30)),
                    (date(2027, 10, 1), date(2027, 12, 31), date(2028, 1, 30))]
    assert attached == [periods[0][0], periods[1][0], None]
    assert sme == [None]
