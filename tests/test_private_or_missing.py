"""One answer for "not yours" and "not there".

For every route that takes an id or a reference, someone who may not know a private object
exists gets exactly the answer they would get for an object that does not exist: the same
status (and, for a redirect, the same destination). Otherwise the answers count drafts,
bids, members or reports that are none of their business.

Each row names the private object's placeholders, which are swapped one at a time for ones
that exist nowhere, and the roles entitled to know the object exists (they are not asked).
A route (and method) added with an id or reference fails the last test until it has a row
here, or is listed as one whose objects are all public.
"""

import re

import pytest

from tests.test_permissions import ROLES, send, world  # noqa: F401  (world is a fixture)

MISSING_ID = "987654321"
MISSING_REFERENCE = "no-such-reference-at-all"
# Arguments that name one object. (`code` names public reference data: an area, an
# indicator, a social clause type; `token` is a signed secret its holder is entitled to.)
ID_ARGUMENT = re.compile(r"_id$|^reference$|^document$")

DRAFT = ("draft",)
BID = ("bid",)
NONE: frozenset = frozenset()
OWN_BODY = frozenset({"commissioner"})
BIDDER = frozenset({"provider"})
ADMIN = frozenset({"admin"})
ORGANISERS = frozenset({"commissioner", "admin"})

# (method, path, rule, private placeholders, roles that may know the object exists)
PRIVATE = [
    ("POST", "/organisations/{other}/members/{pending}/confirm",
     "/organisations/<int:organisation_id>/members/<int:user_id>/confirm",
     ("other", "pending"), ADMIN),
    *[(method, "/organisations/{other}/sme", "/organisations/<int:organisation_id>/sme",
       ("other",), ADMIN) for method in ("GET", "POST")],
    ("GET", "/admin/organisations/{other}", "/admin/organisations/<int:organisation_id>",
     ("other",), ADMIN),
    ("POST", "/admin/organisations/{other}", "/admin/organisations/<int:organisation_id>",
     ("other",), ADMIN),
    ("POST", "/admin/organisations/{other}/local-area",
     "/admin/organisations/<int:organisation_id>/local-area", ("other",), ADMIN),
    ("POST", "/admin/outbox/{failed_email}/retry", "/admin/outbox/<int:message_id>/retry",
     ("failed_email",), ADMIN),
    # Opportunities: the draft belongs to the commissioner's body.
    ("GET", "/opportunities/{draft}", "/opportunities/<int:opportunity_id>", DRAFT, OWN_BODY),
    ("POST", "/opportunities/{draft}/questions", "/opportunities/<int:opportunity_id>/questions",
     DRAFT, OWN_BODY),
    ("GET", "/opportunities/{draft}/questions", "/opportunities/<int:opportunity_id>/questions",
     DRAFT, OWN_BODY),
    ("POST", "/opportunities/{open}/questions/{question}/answer",
     "/opportunities/<int:opportunity_id>/questions/<int:question_id>/answer",
     ("question",), OWN_BODY),
    ("GET", "/opportunities/{draft}/edit", "/opportunities/<int:opportunity_id>/edit", DRAFT,
     OWN_BODY),
    *[(method, f"/opportunities/{{draft}}/edit/{section}",
       f"/opportunities/<int:opportunity_id>/edit/{section}", DRAFT, OWN_BODY)
      for section in ("overview", "scope", "indicators", "contract", "dates", "criteria",
                      "social-clauses", "attachments") for method in ("GET", "POST")],
    ("POST", "/opportunities/{draft}/edit/criteria/{criterion}/remove",
     "/opportunities/<int:opportunity_id>/edit/<any(indicators, criteria, 'social-clauses'):part>"
     "/<int:part_id>/remove", ("draft", "criterion"), OWN_BODY),
    ("POST", "/opportunities/{draft}/edit/attachments/{draft_document}/remove",
     "/opportunities/<int:opportunity_id>/edit/attachments/<int:attachment_id>/remove",
     ("draft", "draft_document"), OWN_BODY),
    ("GET", "/opportunities/{draft}/attachments/{draft_document}",
     "/opportunities/<int:opportunity_id>/attachments/<int:attachment_id>",
     ("draft", "draft_document"), OWN_BODY),
    *[(method, "/opportunities/{draft}/publish", "/opportunities/<int:opportunity_id>/publish",
       DRAFT, OWN_BODY) for method in ("GET", "POST")],
    *[(method, "/opportunities/{draft}/cancel", "/opportunities/<int:opportunity_id>/cancel",
       DRAFT, OWN_BODY) for method in ("GET", "POST")],
    *[(method, "/opportunities/{draft}/not-awarded",
       "/opportunities/<int:opportunity_id>/not-awarded", DRAFT, OWN_BODY)
      for method in ("GET", "POST")],
    ("POST", "/opportunities/{draft}/follow",
     "/opportunities/<int:opportunity_id>/<any(follow, unfollow):action>", DRAFT, OWN_BODY),
    ("GET", "/api/v1/opportunities/{draft}", "/api/v1/opportunities/<int:opportunity_id>",
     DRAFT, NONE),
    # Bids: sealed from everyone outside the bidding organisation.
    ("POST", "/bids/start/{draft}", "/bids/start/<int:opportunity_id>", DRAFT, OWN_BODY),
    ("GET", "/bids/{bid}", "/bids/<reference>", BID, BIDDER),
    ("POST", "/bids/{bid}", "/bids/<reference>", BID, BIDDER),
    ("POST", "/bids/{bid}/withdraw", "/bids/<reference>/withdraw", BID, BIDDER),
    *[(method, "/bids/{bid}/check", "/bids/<reference>/check", BID, BIDDER)
      for method in ("GET", "POST")],
    ("POST", "/bids/{bid}/receipts/send-again", "/bids/<reference>/receipts/send-again", BID,
     BIDDER),
    ("POST", "/bids/{bid}/attachments", "/bids/<reference>/attachments", BID, BIDDER),
    ("GET", "/bids/{bid}/attachments/{bid_document}", "/bids/<reference>/attachments/<document>",
     ("bid", "bid_document"), BIDDER),
    ("POST", "/bids/{bid}/attachments/{bid_document}/remove",
     "/bids/<reference>/attachments/<document>/remove", ("bid", "bid_document"), BIDDER),
    ("GET", "/bids/received/{draft}", "/bids/received/<int:opportunity_id>", DRAFT, OWN_BODY),
    *[(method, "/bids/received/{open}/{bid}", "/bids/received/<int:opportunity_id>/<reference>",
       BID, BIDDER) for method in ("GET", "POST")],
    *[(method, "/bids/award/{draft}", "/bids/award/<int:opportunity_id>", DRAFT, OWN_BODY)
      for method in ("GET", "POST")],
    # Evaluation panels: the draft's panel, a member of a panel, a bid to moderate.
    *[(method, "/bids/panel/{draft}", "/bids/panel/<int:opportunity_id>", DRAFT, OWN_BODY)
      for method in ("GET", "POST")],
    ("POST", "/bids/panel/{panelled}/{chair}/remove",
     "/bids/panel/<int:opportunity_id>/<int:member_id>/<any(chair, remove):action>",
     ("chair",), OWN_BODY),
    *[(method, "/bids/received/{draft}/conflicts",
       "/bids/received/<int:opportunity_id>/conflicts", DRAFT, OWN_BODY)
      for method in ("GET", "POST")],
    *[(method, "/bids/received/{panelled}/{panelled_bid}/moderate",
       "/bids/received/<int:opportunity_id>/<reference>/moderate", ("panelled_bid",),
       OWN_BODY | BIDDER | ADMIN) for method in ("GET", "POST")],
    ("GET", "/bids/received/{draft}/matrix.csv", "/bids/received/<int:opportunity_id>/matrix.csv",
     DRAFT, OWN_BODY),
    # Intention to award: the draft has none; a challenge and its document are the
    # challenger's and the commissioning body's business.
    *[("POST", f"/bids/award/{{draft}}/{action}", f"/bids/award/<int:opportunity_id>/{action}",
       DRAFT, OWN_BODY) for action in ("confirm", "withdraw")],
    ("POST", "/bids/award/{standstill}/challenges/{challenge}/answer",
     "/bids/award/<int:opportunity_id>/challenges/<int:challenge_id>/answer", ("challenge",),
     OWN_BODY | BIDDER),
    ("POST", "/bids/{bid}/challenge", "/bids/<reference>/challenge", BID, BIDDER),
    ("GET", "/bids/{standstill_bid}/challenges/{challenge_document}",
     "/bids/<reference>/challenges/<document>", ("standstill_bid", "challenge_document"),
     OWN_BODY | BIDDER),
    # An outcome report waiting for confirmation: only the contract's two parties know it.
    ("POST", "/contracts/{contract}/reports/{report}/confirm",
     "/contracts/<int:contract_id>/reports/<int:report_id>/confirm", ("report",),
     OWN_BODY | BIDDER | ADMIN),
    *[(method, "/contracts/{contract}/reports/{report}/return",
       "/contracts/<int:contract_id>/reports/<int:report_id>/return", ("report",),
       OWN_BODY | BIDDER | ADMIN) for method in ("GET", "POST")],
    # A reporting period: the schedule is for the contract's two parties.
    *[(method, "/contracts/{contract}/periods/{period}/edit",
       "/contracts/<int:contract_id>/periods/<int:period_id>/edit", ("period",),
       OWN_BODY | BIDDER | ADMIN) for method in ("GET", "POST")],
    ("POST", "/contracts/{contract}/periods/{period}/remove",
     "/contracts/<int:contract_id>/periods/<int:period_id>/remove", ("period",),
     OWN_BODY | BIDDER | ADMIN),
    # Feedback waiting for moderation: staff and the commissioning body know of it.
    *[(method, f"/feedback/{{feedback}}/{action}", f"/feedback/<int:feedback_id>/{action}",
       ("feedback",), OWN_BODY | ADMIN)
      for action in ("moderate", "reply", "actions") for method in ("GET", "POST")],
    # Innovations: a draft of another organisation (admins see every innovation).
    ("GET", "/innovations/{innovation_draft}", "/innovations/<int:innovation_id>",
     ("innovation_draft",), ADMIN),
    ("GET", "/innovations/{innovation_draft}/image", "/innovations/<int:innovation_id>/image",
     ("innovation_draft",), ADMIN),
    ("GET", "/innovations/{innovation_draft}/attachments/{draft_attachment}",
     "/innovations/<int:innovation_id>/attachments/<int:attachment_id>",
     ("innovation_draft", "draft_attachment"), ADMIN),
    ("POST", "/innovations/{innovation_draft}/attachments/{draft_attachment}/delete",
     "/innovations/<int:innovation_id>/attachments/<int:attachment_id>/delete",
     ("innovation_draft", "draft_attachment"), ADMIN),
    *[(method, "/innovations/{innovation_draft}/edit", "/innovations/<int:innovation_id>/edit",
       ("innovation_draft",), ADMIN) for method in ("GET", "POST")],
    ("POST", "/innovations/{innovation_draft}/submit", "/innovations/<int:innovation_id>/submit",
     ("innovation_draft",), ADMIN),
    *[(method, f"/innovations/{{innovation_draft}}/{action}",
       f"/innovations/<int:innovation_id>/{action}", ("innovation_draft",), ADMIN)
      for action in ("interest", "adopt") for method in ("GET", "POST")],
    *[(method, "/innovations/{innovation_submitted}/moderate",
       "/innovations/<int:innovation_id>/moderate", ("innovation_submitted",), ADMIN)
      for method in ("GET", "POST")],
    ("POST", "/innovations/{innovation_draft}/withdraw",
     "/innovations/<int:innovation_id>/withdraw", ("innovation_draft",), ADMIN),
    ("GET", "/api/v1/innovations/{innovation_draft}", "/api/v1/innovations/<int:innovation_id>",
     ("innovation_draft",), NONE),
    # Library entries waiting for moderation (admins moderate them).
    ("GET", "/library/{waiting}", "/library/<int:entry_id>", ("waiting",), ADMIN),
    *[(method, "/library/{waiting}/edit", "/library/<int:entry_id>/edit", ("waiting",), ADMIN)
      for method in ("GET", "POST")],
    ("POST", "/library/{waiting}/moderate", "/library/<int:entry_id>/moderate", ("waiting",),
     ADMIN),
    ("POST", "/library/{waiting}/delete", "/library/<int:entry_id>/delete", ("waiting",), ADMIN),
    ("GET", "/api/v1/library/{waiting}", "/api/v1/library/<int:entry_id>", ("waiting",), NONE),
    # A draft event of the commissioner's body (staff may manage every event).
    *[(method, f"/events/{{own_event}}{suffix}", f"/events/<int:event_id>{suffix}",
       ("own_event",), ORGANISERS) for method, suffix in (
        ("GET", ""), ("GET", ".ics"), ("GET", "/edit"), ("POST", "/edit"), ("POST", "/publish"),
        ("POST", "/cancel"), ("POST", "/register"), ("GET", "/attendees.csv"))],
    # Someone else's alert and notification.
    *[(method, "/alerts/{alert}", "/alerts/<int:alert_id>", ("alert",), NONE)
      for method in ("GET", "POST")],
    ("POST", "/alerts/{alert}/stop", "/alerts/<int:alert_id>/<any(stop, resume, delete):action>",
     ("alert",), NONE),
    ("GET", "/notifications/{notification}", "/notifications/<int:notification_id>",
     ("notification",), NONE),
]

# Routes whose objects are public whenever they exist: an award notice is the contract, and
# every organisation has a public profile.
ALWAYS_PUBLIC = {
    "/organisations/<int:organisation_id>",
    "/api/v1/organisations/<int:organisation_id>",
    "/contracts/<int:contract_id>",
    "/contracts/<int:contract_id>/library-entry",
    "/contracts/<int:contract_id>/reports/new",
    "/contracts/<int:contract_id>/periods/new",
    "/contracts/<int:contract_id>/variations/new",
    "/contracts/<int:contract_id>/feedback",
    "/contracts/<int:contract_id>/feedback/all",
    "/api/v1/contracts/<int:contract_id>",
    # A service in the directory is a public contract that is running today.
    "/services/<int:contract_id>",
    "/services/<int:contract_id>/listing",
    # Open contracting data names only published opportunities (tests/ocds/test_sealed.py).
    "/api/v1/ocds/releases/<release_id>",
}


def _missing(value) -> str:
    return MISSING_ID if str(value).isdigit() else MISSING_REFERENCE


def _answer(response) -> tuple:
    """What the answer tells: its status, and where a redirect leads (its path)."""
    location = response.headers.get("Location", "")
    return response.status_code, location.split("?")[0]


@pytest.mark.parametrize("role", ROLES)
def test_a_private_object_answers_as_one_that_does_not_exist(client, auth, world,  # noqa: F811
                                                              role):
    user = world["users"].get(role)
    if user is not None:
        auth.login(user)
    values = {k: v for k, v in world.items() if k != "users"}
    differing = []
    for method, template, _rule, private, knows in PRIVATE:
        if role in knows:
            continue
        real = _answer(send(client, method, template.format(**values)))
        for key in private:
            missing = template.format(**{**values, key: _missing(values[key])})
            answer = _answer(send(client, method, missing))
            if answer != real:
                differing.append(f"{method} {template} ({key}): {real} for a real one, "
                                 f"{answer} for none")
    assert differing == [], "\n".join(differing)


def test_every_route_that_takes_an_id_is_compared(app):
    compared = {(rule, method) for method, _, rule, _, _ in PRIVATE}
    with_ids = {(rule.rule, method) for rule in app.url_map.iter_rules()
                if rule.rule not in ALWAYS_PUBLIC
                and any(ID_ARGUMENT.search(argument) for argument in rule.arguments)
                for method in rule.methods - {"HEAD", "OPTIONS"}}
    assert with_ids - compared == set()
