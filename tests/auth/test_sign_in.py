"""Signing in and out, remember me, rate limits, password reset."""

import re

from portal.extensions import db
from portal.models import User
from portal.notifications.outbox import send_due
from tests.conftest import PASSWORD, csrf_token


def test_sign_in_with_correct_password_reaches_the_dashboard(client, auth, make_user):
    user = make_user("provider")
    response = auth.login(user)
    assert response.status_code == 303
    assert response.headers["Location"] == "/dashboard"
    assert "You act for" in client.get("/dashboard").get_data(as_text=True)


def test_wrong_password_gives_one_message_for_either_field(client, auth, make_user):
    user = make_user("provider")
    response = auth.login(user, "not-the-password")
    assert response.status_code == 400
    assert "Enter a correct email address and password" in response.get_data(as_text=True)


def test_unknown_email_gives_the_same_message(client, auth):
    response = auth.login("nobody@example.org", "whatever-it-is")
    assert "Enter a correct email address and password" in response.get_data(as_text=True)


def test_sign_out_ends_the_session(client, auth, make_user):
    auth.login(make_user("provider"))
    auth.logout()
    response = client.get("/dashboard")
    assert response.status_code == 302
    assert "/sign-in" in response.headers["Location"]


def test_remember_me_sets_a_long_lived_cookie(client, make_user):
    user = make_user("provider")
    response = client.post("/sign-in", data={"email": user.email, "password": PASSWORD,
                                             "remember": "y",
                                             "csrf_token": csrf_token(client, "/sign-in")})
    cookies = response.headers.getlist("Set-Cookie")
    remember = [c for c in cookies if c.startswith("remember_token=")]
    assert remember and "HttpOnly" in remember[0]


def test_session_cookie_is_http_only_and_same_site(client, auth, make_user):
    response = auth.login(make_user("provider"))
    session_cookie = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert "HttpOnly" in session_cookie[0] and "SameSite=Lax" in session_cookie[0]


def test_repeated_sign_in_attempts_are_rate_limited(client, auth, make_user):
    user = make_user("provider")
    statuses = [auth.login(user, f"wrong-guess-{n}").status_code for n in range(6)]
    assert statuses[:5] == [400] * 5
    assert statuses[5] == 429
    assert "Too many attempts" in auth.login(user).get_data(as_text=True)


def test_password_reset_link_sets_a_new_password_once(client, auth, make_user, inbox):
    user = make_user("provider")
    client.post("/forgot-password", data={"email": user.email,
                                          "csrf_token": csrf_token(client, "/forgot-password")})
    send_due()
    [message] = inbox.to(user.email)
    path = re.search(r"http://\S+(/reset-password/\S+)", inbox.text(message)).group(1)
    new_password = "a-brand-new-passphrase"
    response = client.post(path, data={"password": new_password, "confirm_password": new_password,
                                       "csrf_token": csrf_token(client, path)})
    assert response.status_code == 303
    assert auth.login(user, new_password).status_code == 303
    auth.logout()
    assert client.get(path).status_code == 400  # the link is spent


def test_reset_for_unknown_address_says_the_same_and_sends_nothing(client, inbox):
    response = client.post("/forgot-password", data={
        "email": "nobody@example.org", "csrf_token": csrf_token(client, "/forgot-password")})
    assert response.status_code == 200
    assert "Check your email" in response.get_data(as_text=True)
    assert send_due().sent == 0


def test_reset_refuses_a_common_password_and_keeps_the_old_one(client, auth, make_user, inbox):
    user = make_user("provider")
    client.post("/forgot-password", data={"email": user.email,
                                          "csrf_token": csrf_token(client, "/forgot-password")})
    send_due()
    message = inbox.to(user.email)[0]
    path = re.search(r"http://\S+(/reset-password/\S+)", inbox.text(message)).group(1)
    response = client.post(path, data={"password": "qwertyuiop", "confirm_password": "qwertyuiop",
                                       "csrf_token": csrf_token(client, path)})
    assert response.status_code == 400
    assert "Password is too common" in response.get_data(as_text=True)
    db.session.expire_all()
    assert auth.login(db.session.get(User, user.id)).status_code == 303


def _password_inputs(body: str) -> list[str]:
    """The names of the password fields drawn with GOV.UK's password input (show/hide)."""
    groups = re.findall(r'<div class="govuk-form-group govuk-password-input"[^>]*'
                        r'data-module="govuk-password-input".*?</button>', body, re.S)
    return [re.search(r'name="(\w+)" type="password"', group).group(1) for group in groups
            if 'aria-label="Show password"' in group]


def test_every_password_field_has_show_and_hide(client, make_user):
    from portal.auth.tokens import password_reset_token

    reset = f"/reset-password/{password_reset_token(make_user('provider'))}"
    assert _password_inputs(client.get("/sign-in").get_data(as_text=True)) == ["password"]
    for path in ("/register", reset):
        assert _password_inputs(client.get(path).get_data(as_text=True)) == [
            "password", "confirm_password"], path
