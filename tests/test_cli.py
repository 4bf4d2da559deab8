"""Flask commands: admin accounts, demo data, and the loop the repeating ones run in."""

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError

from portal.commands import MAX_BACKOFF, run_every
from portal.demo import ACCOUNTS
from portal.extensions import db
from portal.models import Organisation, User


def test_create_admin_makes_a_verified_admin(runner):
    result = runner.invoke(args=["users", "create-admin", "--email", "Staff@Example.org",
                                 "--name", "Sam Staff", "--password", "a-long-admin-passphrase"])
    assert result.exit_code == 0, result.output
    user = User.by_email("staff@example.org")
    assert user.is_admin and user.email_verified and user.role == "admin"


def test_create_admin_refuses_a_common_password_with_a_message(runner):
    result = runner.invoke(args=["users", "create-admin", "--email", "staff@example.org",
                                 "--name", "Sam Staff", "--password", "password1234"])
    assert result.exit_code == 1
    assert "Password is too common" in result.output
    assert User.by_email("staff@example.org") is None


def test_seed_demo_loads_one_account_per_role_once(runner):
    assert runner.invoke(args=["seed-demo", "--if-empty"]).exit_code == 0
    second = runner.invoke(args=["seed-demo", "--if-empty"])
    assert "already has organisations" in second.output
    roles = {User.by_email(email).role for email, *_ in ACCOUNTS}
    assert roles == {"commissioner", "provider", "admin"}
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == 8


def test_demo_commissioner_can_publish_and_demo_accounts_can_sign_in(runner, auth):
    from portal import permissions
    from portal.demo import DEMO_PASSWORD

    runner.invoke(args=["seed-demo"])
    commissioner = User.by_email("commissioner@example.org")
    assert permissions.can_publish_for(commissioner, commissioner.organisation)
    assert auth.login("provider@example.org", DEMO_PASSWORD).status_code == 303


class Stop(Exception):
    """Ends a run_every loop in a test."""


def test_a_repeating_job_survives_database_errors_and_backs_off(app, caplog):
    runs, waits = [], []

    def once():
        runs.append(len(runs))
        sql = "SELECT no_such_column FROM no_such_table" if len(runs) <= 3 else "SELECT 1"
        db.session.execute(text(sql))  # fails three times, then works on the same session

    def sleep(seconds):
        waits.append(seconds)
        if len(waits) == 5:
            raise Stop

    try:
        run_every(50, once, sleep=sleep)
    except Stop:
        pass
    assert len(runs) == 5
    assert waits == [100, 200, MAX_BACKOFF, 50, 50]  # doubling, at most MAX_BACKOFF
    assert caplog.text.count("Database error") == 3


def test_a_single_run_still_fails_on_a_database_error(app):
    with pytest.raises(SQLAlchemyError):
        run_every(0, lambda: db.session.execute(text("SELECT * FROM no_such_table")))
