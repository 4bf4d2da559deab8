"""The accessibility statement, privacy notice and cookies page: what the law asks of each,
contact details from configuration, and cookies the portal really sets."""

import re
from pathlib import Path

import pytest

from tests.conftest import PASSWORD, csrf_token

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"


def _text(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_the_footer_links_every_legal_page(client):
    body = client.get("/").get_data(as_text=True)
    for path, name in (("/accessibility", "Accessibility statement"), ("/privacy", "Privacy"),
                       ("/cookies", "Cookies")):
        assert f'class="govuk-footer__link" href="{path}">{name}</a>' in body


@pytest.mark.parametrize("heading", [
    "Compliance status", "Non-accessible content", "Preparation of this accessibility statement",
    "Reporting accessibility problems with this website", "Enforcement procedure",
    "Technical information about this website’s accessibility",
])
def test_accessibility_statement_has_each_section_the_regulations_ask_for(client, heading):
    assert f">{heading}</h2>" in _text(client, "/accessibility")


def test_accessibility_statement_names_the_enforcement_bodies_and_its_dates(client):
    body = _text(client, "/accessibility")
    assert "Equality and Human Rights Commission" in body
    assert "Equality Advisory and Support Service" in body
    assert "Equality Commission for Northern Ireland" in body
    assert re.search(r"This statement was prepared on \d+ \w+ \d{4}\. It was last reviewed on "
                     r"\d+ \w+ \d{4}\.", body)
    assert "partially compliant" in body


@pytest.mark.parametrize("heading", [
    "Who runs this service", "What personal data we collect", "Why we need it",
    "Our lawful basis", "Who we share it with", "How long we keep it", "Your rights",
    "How to complain",
])
def test_privacy_notice_has_each_part_of_a_full_notice(client, heading):
    assert f">{heading}</h2>" in _text(client, "/privacy")


def test_privacy_notice_gives_the_lawful_basis_and_the_ico(client):
    body = _text(client, "/privacy")
    assert "Article 6(1)(e)" in body and "UK GDPR" in body
    assert "Information Commissioner’s Office" in body
    assert "Wycliffe House, Water Lane, Wilmslow, Cheshire, SK9 5AF" in body


def test_privacy_notice_retention_matches_the_configured_lifetimes(app, client):
    app.config.update(REMEMBER_COOKIE_DURATION=14 * 24 * 3600, RESET_TOKEN_MAX_AGE=2 * 3600,
                      EMAIL_TOKEN_MAX_AGE=24 * 3600)
    body = _text(client, "/privacy")
    assert "14 days" in body and "2 hours" in body and "1 day" in body


def test_contact_details_and_operator_come_from_configuration(app, client):
    app.config.update(SERVICE_OPERATOR="Northshire County Council",
                      SERVICE_OPERATOR_ADDRESS="1 Main Street, Northshire, NS1 1AA",
                      PRIVACY_EMAIL="dpo@northshire.example",
                      ACCESSIBILITY_EMAIL="access@northshire.example",
                      FEEDBACK_EMAIL="tell-us@northshire.example",
                      SUPPORT_EMAIL="helpdesk@northshire.example")
    privacy = _text(client, "/privacy")
    assert "Northshire County Council" in privacy and "1 Main Street, Northshire" in privacy
    assert 'href="mailto:dpo@northshire.example"' in privacy
    accessibility = _text(client, "/accessibility")
    assert 'href="mailto:access@northshire.example"' in accessibility
    assert "Northshire County Council" in accessibility
    assert 'href="mailto:tell-us@northshire.example"' in _text(client, "/")
    assert "Northshire County Council" in _text(client, "/cookies")


def test_no_template_hard_codes_an_email_address():
    address = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
    found = {str(path.relative_to(TEMPLATES)): address.findall(path.read_text())
             for path in TEMPLATES.rglob("*") if path.is_file()}
    assert {path: hits for path, hits in found.items() if hits} == {}


def test_the_500_page_gives_the_configured_support_address(app, client):
    app.config["SUPPORT_EMAIL"] = "helpdesk@northshire.example"

    @app.route("/boom")
    def boom():
        raise RuntimeError("boom")

    app.config["PROPAGATE_EXCEPTIONS"] = False
    response = client.get("/boom")
    assert response.status_code == 500
    assert 'href="mailto:helpdesk@northshire.example"' in response.get_data(as_text=True)


def test_cookies_page_lists_every_cookie_the_portal_sets(client, make_user):
    user = make_user("provider")
    set_cookies = []
    for response in (client.get("/"), client.get("/sign-in"),
                     client.post("/sign-in", data={
                         "email": user.email, "password": PASSWORD, "remember": "y",
                         "csrf_token": csrf_token(client, "/sign-in")}),
                     client.get("/dashboard"), client.get("/search?q=housing"),
                     client.post("/sign-out", data={
                         "csrf_token": csrf_token(client, "/dashboard")})):
        set_cookies += response.headers.getlist("Set-Cookie")
    names = {cookie.split("=", 1)[0] for cookie in set_cookies}
    assert names >= {"session", "remember_token"}
    table = re.search(r"<table.*?</table>", _text(client, "/cookies")).group(0)
    listed = set(re.findall(r'<th scope="row" class="govuk-table__header">(\w+)</th>', table))
    assert listed == names
    assert "30 days" in table  # REMEMBER_COOKIE_DURATION
