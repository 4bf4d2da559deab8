"""Every route in the URL map, as each role, given hostile path segments, query values and form
values: huge numbers, non-numbers, NUL, `%`, emoji, an RTL override, 5,000 characters. The
portal must answer each with a page or a message, never a 5xx or a trace.

The routes come from `app.url_map`, so a new route cannot escape. The query and form names
tried on each route are the ones the route itself reads (recorded while it answers a plain
request), plus the paging names every list might read."""

from html.parser import HTMLParser
from urllib.parse import quote

import pytest

from portal.extensions import db
from tests.conftest import csrf_token
from tests.test_permissions import MATRIX, world  # noqa: F401  (world: a fixture)

ROLES = ["anonymous", "provider", "commissioner", "admin"]
HUGE = "99999999999999999999"
HOSTILE = [HUGE, "-1", "0", "NaN", "sNaN", "1e400", "\u00b2", "abc", "%", "\x00",
           "\U0001F600", "\u202Egpj.exe", "x" * 5000]
# Ids that match <int:…> but no row, and the edges of the database's integer columns.
# Each query name, and each form field (the rest of the form as the page filled it in), in
# turn: what the database refuses (out of range, NUL, too long) is met only once the rest is
# valid. Numbers that break parsing (sNaN, 1e400) fail at the form, so all fields at once do.
QUERY_VALUES = [HUGE, "-1", "\u00b2", "\x00", "x" * 5000]
FIELD_VALUES = [HUGE, "\u00b2", "\x00", "x" * 5000]
HOSTILE_IDS = [HUGE, "2147483648", "9223372036854775808", "0"]
PAGING = {"page", "per_page", "page_size"}
# Valid values for path variables; some routes need a particular object of the world.
DEFAULTS = {
    "organisation_id": "own", "user_id": "pending", "opportunity_id": "open",
    "question_id": "question", "part_id": "criterion", "attachment_id": "open_document",
    "reference": "bid", "contract_id": "contract", "report_id": "report",
    "message_id": "failed_email", "innovation_id": "innovation", "entry_id": "entry",
    "alert_id": "alert", "notification_id": "notification", "token": "unsubscribe",
    "slug": "guidance", "period_id": "period", "feedback_id": "feedback", "event_id": "event",
}
LITERALS = {"part": "criteria", "code": "E08000003", "release_id": "ocds-213czf-1-tender-1",
            "ocid": "ocds-213czf-1", "number": "1"}
BY_ENDPOINT = {
    **{f"opportunities.edit{section}": {"opportunity_id": "draft"} for section in (
        "", "_overview", "_scope", "_indicators", "_contract", "_dates", "_criteria",
        "_social_clauses")},
    "opportunities.publish": {"opportunity_id": "draft"},
    "opportunities.remove_part": {"opportunity_id": "draft"},
    "opportunities.edit_attachments": {"opportunity_id": "draft"},
    "opportunities.remove_attachment": {"opportunity_id": "draft",
                                        "attachment_id": "draft_document"},
    "opportunities.not_awarded": {"opportunity_id": "closed"},
    "bids.attachment": {"document": "bid_document"},
    "bids.remove_attachment": {"document": "bid_document"},
    "bids.received": {"opportunity_id": "closed"},
    "bids.evaluate": {"opportunity_id": "closed", "reference": "closed_bid"},
    "bids.award": {"opportunity_id": "closed"},
    **{f"bids.{name}": {"opportunity_id": "panelled"} for name in (
        "panel", "declare_conflicts", "matrix")},
    "bids.panel_member": {"opportunity_id": "panelled", "member_id": "chair"},
    "bids.moderate": {"opportunity_id": "panelled", "reference": "panelled_bid"},
    "bids.confirm_award": {"opportunity_id": "standstill"},
    "bids.withdraw_intention": {"opportunity_id": "standstill"},
    "bids.answer_challenge": {"opportunity_id": "standstill", "challenge_id": "challenge"},
    "bids.challenge": {"reference": "standstill_bid"},
    "bids.challenge_document": {"reference": "standstill_bid",
                                "document": "challenge_document"},
    "innovations.attachment": {"attachment_id": "attachment"},
    "innovations.delete_attachment": {"attachment_id": "attachment"},
    "innovations.edit": {"innovation_id": "own_innovation"},
    "innovations.submit": {"innovation_id": "own_innovation"},
    "innovations.moderate": {"innovation_id": "innovation_submitted"},
    "feedback.reply": {"feedback_id": "published_feedback"},
    "events.confirm_place": {"token": "place"},
    "events.cancel_place": {"token": "place_cancel"},
}
CODES = {"admin.social_clause": "volunteering", "areas.indicator": "ni-148",
         "api.indicator": "ni-148", "api.indicator_values_csv": "ni-148"}
ANY = {"opportunities.follow": "follow", "alerts.act": "stop", "bids.panel_member": "chair"}
# Routes whose plain POST changes the world for the routes after them: tried last.
LAST = ("publish", "withdraw", "delete", "remove", "cancel", "not_awarded", "award",
        "moderate", "sign_out", "library_entry", "confirm")

# Every route is tried as every role with each hostile value in all its fields at once. Each
# field on its own is tried as the first of these roles that the route serves (by
# tests/test_permissions.py's matrix): the same code would answer the other roles.
SWEEP_ORDER = ["anonymous", "provider", "commissioner", "admin"]

_read: set[str] = set()


class Recording:
    """Mixed into the portal's query and form data: remembers which names the code asked for."""

    def __getitem__(self, key):
        _read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        _read.add(key)
        return super().__contains__(key)

    def get(self, key, default=None, type=None):  # noqa: A002  (werkzeug's signature)
        _read.add(key)
        return super().get(key, default, type)

    def getlist(self, key, type=None):  # noqa: A002
        _read.add(key)
        return super().getlist(key, type)


def _sweeps_each_field(rule, role: str) -> bool:
    served = {who for _method, _template, rule_text, expected in MATRIX if rule_text == rule.rule
              for who, status in expected.items() if status not in (302, 403, 404)}
    return next((who for who in SWEEP_ORDER if who in served), None) == role


def _rules(app, method):
    rules = [rule for rule in app.url_map.iter_rules()
             if rule.endpoint != "static" and method in rule.methods]
    return sorted(rules, key=lambda rule: (rule.endpoint.split(".")[-1].startswith(LAST),
                                           rule.endpoint == "auth.sign_out"))


def _valid_path_values(rule, objects, own) -> dict[str, str]:
    values = {}
    for name in rule.arguments:
        key = BY_ENDPOINT.get(rule.endpoint, {}).get(name) or DEFAULTS.get(name)
        if name == "code":
            values[name] = CODES.get(rule.endpoint, LITERALS["code"])
        elif name == "action":
            values[name] = ANY[rule.endpoint]
        elif name in LITERALS:
            values[name] = LITERALS[name]
        else:
            values[name] = str(own if key == "own" else objects[key])
    return values


def _path(rule, values: dict[str, str]) -> str:
    path = rule.rule
    for name, value in values.items():
        converter = next(part for part in _placeholders(rule.rule) if part[1] == name)[0]
        path = path.replace(converter, quote(value, safe=""))
    return path


def _placeholders(rule_text: str):
    """('<int:opportunity_id>', 'opportunity_id') for each variable in a rule."""
    import re

    for match in re.finditer(r"<(?:[^:<>]+(?:\([^)]*\))?:)?(\w+)>", rule_text):
        yield match.group(0), match.group(1)


def _paths(rule, valid: dict[str, str]):
    """The valid path, then the path with one variable made hostile at a time."""
    yield _path(rule, valid)
    for name in rule.arguments:
        if name in ("part", "action"):
            continue
        hostile = HOSTILE_IDS if f"int:{name}" in rule.rule else HOSTILE
        for value in hostile + (["2147483647"] if "int:" in rule.rule else []):
            yield _path(rule, {**valid, name: value})


class Walk:
    """Requests as one role, collecting every answer that is a 5xx or shows a trace."""

    def __init__(self, client):
        self.client = client
        self.failures: list[str] = []
        self.requests = 0

    def send(self, method: str, path: str, **kwargs):
        _read.clear()
        self.requests += 1
        try:
            response = getattr(self.client, method.lower())(path, **kwargs)
        except Exception as error:  # noqa: BLE001  (anything escaping is a failure to report)
            db.session.rollback()
            self.failures.append(f"{method} {path[:150]} {kwargs.get('query_string') or ''}"
                                 f" raised {error!r}"[:400])
            return None
        body = response.get_data()
        if response.status_code >= 500 or b"Traceback (most recent call last)" in body:
            db.session.rollback()  # the test's app context outlives the request: start afresh
            shown = {k: (v[:20] if isinstance(v, str) else v)
                     for k, v in (kwargs.get("query_string") or kwargs.get("data") or {}).items()
                     if k != "csrf_token"}
            self.failures.append(f"{method} {path[:150]} {shown} -> {response.status_code}")
        return response


@pytest.fixture
def walk(app, client, auth, request):
    """walk(role) -> (Walk, the world's objects, the role's own organisation id)."""
    objects = request.getfixturevalue("world")
    storage = type("RecordingMultiDict", (Recording, app.request_class.parameter_storage_class),
                   {})
    app.request_class = type("RecordingRequest", (app.request_class,),
                             {"parameter_storage_class": storage})

    def start(role):
        user = objects["users"].get(role)
        if user is not None:
            auth.login(user)
        own = user.organisation_id if user is not None and user.organisation_id else \
            objects["other"]
        return Walk(client), objects, own

    return start


def _report(walk: Walk, role: str) -> None:
    print(f"{walk.requests} requests as {role}")
    assert walk.failures == [], "\n".join(walk.failures)


@pytest.mark.parametrize("role", ROLES)
def test_no_route_answers_5xx_to_hostile_paths_or_queries(app, walk, role):
    walker, objects, own = walk(role)
    for rule in _rules(app, "GET"):
        valid = _valid_path_values(rule, objects, own)
        paths = iter(_paths(rule, valid))
        plain = next(paths)
        walker.send("GET", plain)
        names = _read - {"csrf_token"}
        if names:  # a page that reads its query string: the paging names too
            names |= PAGING
            for value in HOSTILE:
                walker.send("GET", plain, query_string=dict.fromkeys(names, value))
        for name in sorted(names) if _sweeps_each_field(rule, role) else ():
            for value in QUERY_VALUES:
                walker.send("GET", plain, query_string={name: value})
        for path in paths:
            walker.send("GET", path)
    _report(walker, role)


@pytest.mark.parametrize("role", ROLES)
def test_no_form_answers_5xx_to_hostile_values(app, client, walk, role):
    walker, objects, own = walk(role)
    token = csrf_token(client, "/register")
    for rule in _rules(app, "POST"):
        valid = _valid_path_values(rule, objects, own)
        paths = iter(_paths(rule, valid))
        plain = next(paths)
        page = walker.send("GET", plain) if "GET" in rule.methods else None
        base = _rendered_form(page, plain) if page is not None else {}
        base["csrf_token"] = [token]
        walker.send("POST", plain, data=base)  # the form as the page filled it in
        names = (_read | set(base)) - {"csrf_token"}
        for value in HOSTILE if names else ():
            walker.send("POST", plain, data={**base, **dict.fromkeys(names, value)})
        for name in sorted(names) if _sweeps_each_field(rule, role) else ():
            for value in FIELD_VALUES:
                walker.send("POST", plain, data={**base, name: value})
        for path in paths:
            walker.send("POST", path, data={"csrf_token": token})
    _report(walker, role)


class _FormReader(HTMLParser):
    """The values a browser would submit from the page's form that posts to `action`."""

    def __init__(self, action: str):
        super().__init__()
        self.action, self.values, self.inside = action, {}, False
        self.select = self.textarea = None
        self.first_option = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = (attrs.get("method", "").lower() == "post"
                           and attrs.get("action", "") in ("", self.action))
        elif not self.inside:
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs or kind in (
                    "submit", "button", "file"):
                return
            self.values.setdefault(attrs["name"], []).append(attrs.get("value") or "")
        elif tag == "select":
            self.select, self.first_option = attrs.get("name"), None
        elif tag == "option" and self.select:
            if self.first_option is None:
                self.first_option = attrs.get("value", "")
            if "selected" in attrs:
                self.values.setdefault(self.select, []).append(attrs.get("value", ""))
        elif tag == "textarea":
            self.textarea = attrs.get("name")
            self.values.setdefault(self.textarea, []).append("")

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select:
            if self.select not in self.values and self.first_option is not None:
                self.values[self.select] = [self.first_option]
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.values[self.textarea][-1] += data


def _rendered_form(response, action: str) -> dict[str, list[str]]:
    reader = _FormReader(action)
    reader.feed(response.get_data(as_text=True))
    return reader.values


def _api_lists(app) -> list[str]:
    """Every open data list: the API's routes that take no path variables."""
    return sorted(rule.rule for rule in app.url_map.iter_rules()
                  if rule.rule.startswith("/api/") and not rule.arguments
                  and rule.endpoint not in API_NOT_LISTS)


# The OCDS release list pages by cursor and `limit`, as Find a Tender's does (tests/ocds); the
# OpenAPI document is one document.
API_NOT_LISTS = {"api.health", "api.ocds_releases", "api.ocds_bulk", "api.openapi"}


@pytest.mark.parametrize("name", ["page", "per_page", "page_size"])
@pytest.mark.parametrize("value", ["abc", "0", "-1", "1.5", HUGE, "\u00b2", "%"])
def test_api_lists_refuse_a_bad_page_or_page_size_naming_it(app, client, name, value):
    lists = _api_lists(app)
    assert len(lists) >= 4
    for path in lists:
        response = client.get(path, query_string={name: value})
        assert response.status_code == 400, path
        body = response.get_json()
        assert body["errors"] == [{"parameter": name, "detail": body["detail"]}], path
        assert body["detail"].startswith(f"{name} must be a whole number from 1 to "), path


def test_api_lists_answer_the_page_size_asked_for(app, client, make_innovation):
    for _ in range(3):
        make_innovation()
    for path in _api_lists(app):
        body = client.get(path, query_string={"per_page": "2", "page": "2"}).get_json()
        assert (body["meta"]["page"], body["meta"]["per_page"]) == (2, 2), path
    api = client.get("/api/v1/innovations?page_size=2").get_json()  # the old name still works
    assert len(api["data"]) == 2 and "per_page=2" in api["links"]["next"]


def test_nul_characters_are_taken_out_of_forms_and_queries(client, auth, commissioner):
    from sqlalchemy import select

    from portal.models import Opportunity

    auth.login(commissioner)
    response = client.post("/opportunities/new", data={
        "csrf_token": csrf_token(client, "/opportunities/new"), "title": "Floating\x00 support",
        "summary": "Help\x00 to keep a home."})
    assert response.status_code == 303
    saved = db.session.scalar(select(Opportunity))
    assert (saved.title, saved.summary) == ("Floating support", "Help to keep a home.")
    assert client.get("/opportunities/?client_group=care\x00-leavers").status_code == 200


@pytest.mark.parametrize("path", ["/bids/%00", "/areas/E08000003%00/laa", "/indicators/ni%00148",
                                  "/alerts/unsubscribe/%00"])
def test_a_path_with_a_nul_character_is_not_found(client, path):
    assert client.get(path).status_code == 404
