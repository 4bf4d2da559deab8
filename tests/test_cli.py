"""Flask commands: admin accounts and demo data."""

from sqlalchemy import func, select

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
