"""Every route against every role: anonymous, member awaiting confirmation, provider,
commissioner and admin. A new route must be added here, or the last test fails."""

from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from flask import current_app
from flask_sqlalchemy.session import Session as FlaskSession

from portal import clock as portal_clock
from portal.extensions import db, limiter
from tests.conftest import (
    AuthActions,
    _make_app,
    csrf_token,
    empty_database,
    organisation_maker,
    user_maker,
)

ROLES = ["anonymous", "member", "provider", "commissioner", "admin"]
SIGNED_IN = {"member": 200, "provider": 200, "commissioner": 200, "admin": 200}
ADMIN_ONLY = {"anonymous": 302, "member": 403, "provider": 403, "commissioner": 403, "admin": 200}
PUBLIC = dict.fromkeys(ROLES, 200)
COMMISSIONER_ONLY = {**ADMIN_ONLY, "commissioner": 200, "admin": 403}
# A draft is invisible (404) to all but its own body; sign-in comes first.
OWN_DRAFT = {**dict.fromkeys(ROLES, 404), "anonymous": 302, "commissioner": 200}
PROVIDER_ONLY = {**ADMIN_ONLY, "provider": 200, "admin": 403}
OWN_BID = {**dict.fromkeys(ROLES, 404), "anonymous": 302, "provider": 200}
STAFF_DRAFT = {**dict.fromkeys(ROLES, 404), "anonymous": 302, "admin": 200}
ORGANISERS = {**ADMIN_ONLY, "commissioner": 200}

# (method, path template, rule it exercises, expected status by role)
MATRIX = [
    ("GET", "/", "/", PUBLIC),
    ("GET", "/accessibility", "/accessibility", PUBLIC),
    ("GET", "/privacy", "/privacy", PUBLIC),
    ("GET", "/cookies", "/cookies", PUBLIC),
    ("GET", "/open-data", "/open-data", PUBLIC),
    ("GET", "/api/v1/openapi.json", "/api/v1/openapi.json", PUBLIC),
    ("GET", "/register", "/register", PUBLIC),
    ("GET", "/register/check-your-email", "/register/check-your-email", PUBLIC),
    ("GET", "/verify-email", "/verify-email", PUBLIC),
    ("GET", "/verify-email/not-a-token", "/verify-email/<token>", dict.fromkeys(ROLES, 400)),
    ("GET", "/forgot-password", "/forgot-password", PUBLIC),
    ("GET", "/reset-password/not-a-token", "/reset-password/<token>", dict.fromkeys(ROLES, 400)),
    ("GET", "/sign-in", "/sign-in", {"anonymous": 200, **dict.fromkeys(SIGNED_IN, 303)}),
    ("POST", "/sign-out", "/sign-out", dict.fromkeys(ROLES, 303)),
    ("GET", "/api/v1/health", "/api/v1/health", PUBLIC),
    ("GET", "/dashboard", "/dashboard", {"anonymous": 302, **SIGNED_IN}),
    ("GET", "/account", "/account", {"anonymous": 302, **SIGNED_IN}),
    # Profiles are public; only their list of members is for members (tests/organisations).
    ("GET", "/organisations/{own}", "/organisations/<int:organisation_id>", PUBLIC),
    ("GET", "/organisations/{other}", "/organisations/<int:organisation_id>", PUBLIC),
    ("GET", "/api/v1/organisations/{other}", "/api/v1/organisations/<int:organisation_id>",
     PUBLIC),
    ("POST", "/organisations/{other}/members/{pending}/confirm",
     "/organisations/<int:organisation_id>/members/<int:user_id>/confirm",
     {"anonymous": 302, "member": 403, "provider": 403, "commissioner": 403, "admin": 303}),
    # Members say whether their organisation is an SME (site staff may, on its behalf).
    ("GET", "/organisations/{own}/sme", "/organisations/<int:organisation_id>/sme",
     {"anonymous": 302, "member": 403, "provider": 200, "commissioner": 200, "admin": 200}),
    ("POST", "/organisations/{own}/sme", "/organisations/<int:organisation_id>/sme",
     {"anonymous": 302, "member": 403, "provider": 400, "commissioner": 400, "admin": 400}),
    ("GET", "/admin/", "/admin/", ADMIN_ONLY),
    ("GET", "/admin/organisations", "/admin/organisations", ADMIN_ONLY),
    ("GET", "/admin/organisations/{other}", "/admin/organisations/<int:organisation_id>",
     ADMIN_ONLY),
    ("POST", "/admin/organisations/{other}", "/admin/organisations/<int:organisation_id>",
     {**ADMIN_ONLY, "admin": 303}),
    ("GET", "/admin/audit", "/admin/audit", ADMIN_ONLY),
    ("GET", "/admin/outbox", "/admin/outbox", ADMIN_ONLY),
    ("POST", "/admin/outbox/{failed_email}/retry", "/admin/outbox/<int:message_id>/retry",
     {**ADMIN_ONLY, "admin": 303}),
    ("GET", "/admin/social-clauses", "/admin/social-clauses", ADMIN_ONLY),
    ("GET", "/admin/social-clauses/new", "/admin/social-clauses/new", ADMIN_ONLY),
    ("GET", "/admin/social-clauses/volunteering", "/admin/social-clauses/<code>", ADMIN_ONLY),
    # Opportunities. "draft", "open" and "closed" belong to the commissioner's body.
    ("GET", "/opportunities/", "/opportunities/", PUBLIC),
    ("GET", "/opportunities/download.csv", "/opportunities/download.csv", PUBLIC),
    ("GET", "/opportunities/{open}", "/opportunities/<int:opportunity_id>", PUBLIC),
    ("GET", "/opportunities/{draft}", "/opportunities/<int:opportunity_id>",
     {**dict.fromkeys(ROLES, 404), "commissioner": 200}),
    ("GET", "/opportunities/new", "/opportunities/new", COMMISSIONER_ONLY),
    ("POST", "/opportunities/new", "/opportunities/new",
     {**COMMISSIONER_ONLY, "commissioner": 400}),
    ("POST", "/opportunities/{open}/questions", "/opportunities/<int:opportunity_id>/questions",
     {**dict.fromkeys(SIGNED_IN, 403), "anonymous": 302, "provider": 400}),
    ("GET", "/opportunities/{open}/questions", "/opportunities/<int:opportunity_id>/questions",
     COMMISSIONER_ONLY),
    ("POST", "/opportunities/{open}/questions/{question}/answer",
     "/opportunities/<int:opportunity_id>/questions/<int:question_id>/answer",
     {**COMMISSIONER_ONLY, "commissioner": 400}),
    ("GET", "/opportunities/{open}/edit", "/opportunities/<int:opportunity_id>/edit",
     COMMISSIONER_ONLY),
    ("GET", "/opportunities/{draft}/edit", "/opportunities/<int:opportunity_id>/edit", OWN_DRAFT),
    *[("GET", f"/opportunities/{{draft}}/edit/{section}",
       f"/opportunities/<int:opportunity_id>/edit/{section}", OWN_DRAFT)
      for section in ("overview", "scope", "indicators", "contract", "dates", "criteria",
                      "social-clauses")],
    ("POST", "/opportunities/{draft}/edit/criteria/{criterion}/remove",
     "/opportunities/<int:opportunity_id>/edit/<any(indicators, criteria, 'social-clauses'):part>"
     "/<int:part_id>/remove", {**OWN_DRAFT, "commissioner": 303}),
    ("GET", "/opportunities/{draft}/publish", "/opportunities/<int:opportunity_id>/publish",
     OWN_DRAFT),
    ("POST", "/opportunities/{draft}/publish", "/opportunities/<int:opportunity_id>/publish",
     {**OWN_DRAFT, "commissioner": 303}),
    ("GET", "/opportunities/{open}/cancel", "/opportunities/<int:opportunity_id>/cancel",
     COMMISSIONER_ONLY),
    ("GET", "/opportunities/{closed}/not-awarded",
     "/opportunities/<int:opportunity_id>/not-awarded", COMMISSIONER_ONLY),
    ("GET", "/api/v1/opportunities", "/api/v1/opportunities", PUBLIC),
    ("GET", "/api/v1/opportunities/{open}", "/api/v1/opportunities/<int:opportunity_id>", PUBLIC),
    ("GET", "/api/v1/opportunities/{draft}", "/api/v1/opportunities/<int:opportunity_id>",
     dict.fromkeys(ROLES, 404)),
    # Open contracting data: public for a published opportunity, and nothing of a draft.
    ("GET", "/api/v1/ocds/releases", "/api/v1/ocds/releases", PUBLIC),
    ("GET", "/api/v1/ocds/releases.jsonl", "/api/v1/ocds/releases.jsonl", PUBLIC),
    ("GET", "/api/v1/ocds/releases/ocds-213czf-{open}-tender-1",
     "/api/v1/ocds/releases/<release_id>", PUBLIC),
    ("GET", "/api/v1/ocds/releases/ocds-213czf-{draft}-tender-1",
     "/api/v1/ocds/releases/<release_id>", dict.fromkeys(ROLES, 404)),
    ("GET", "/api/v1/ocds/records/ocds-213czf-{open}", "/api/v1/ocds/records/<ocid>", PUBLIC),
    ("GET", "/api/v1/ocds/records/ocds-213czf-{draft}", "/api/v1/ocds/records/<ocid>",
     dict.fromkeys(ROLES, 404)),
    # Bids: the provider's bid on the open opportunity is sealed from everyone else.
    ("GET", "/bids/", "/bids/", PROVIDER_ONLY),
    ("POST", "/bids/start/{open}", "/bids/start/<int:opportunity_id>",
     {**PROVIDER_ONLY, "provider": 303}),
    ("GET", "/bids/{bid}", "/bids/<reference>", OWN_BID),
    ("POST", "/bids/{bid}/withdraw", "/bids/<reference>/withdraw", {**OWN_BID, "provider": 303}),
    ("POST", "/bids/{bid}/receipts/send-again", "/bids/<reference>/receipts/send-again",
     {**OWN_BID, "provider": 303}),
    ("GET", "/bids/{bid}/check", "/bids/<reference>/check", OWN_BID),
    # The bid in the world has no price: submitting it is refused with the page again.
    ("POST", "/bids/{bid}/check", "/bids/<reference>/check", {**OWN_BID, "provider": 400}),
    ("GET", "/bids/received/{open}", "/bids/received/<int:opportunity_id>",
     {**dict.fromkeys(SIGNED_IN, 403), "anonymous": 302}),
    ("GET", "/bids/received/{closed}", "/bids/received/<int:opportunity_id>",
     {**COMMISSIONER_ONLY, "admin": 200}),
    ("GET", "/bids/received/{open}/{bid}", "/bids/received/<int:opportunity_id>/<reference>",
     {**dict.fromkeys(SIGNED_IN, 404), "anonymous": 302}),
    ("GET", "/bids/received/{closed}/{closed_bid}",
     "/bids/received/<int:opportunity_id>/<reference>",
     {**dict.fromkeys(SIGNED_IN, 404), "anonymous": 302, "commissioner": 200, "admin": 200}),
    ("GET", "/bids/award/{closed}", "/bids/award/<int:opportunity_id>", COMMISSIONER_ONLY),
    # Evaluation panels. "panelled" is closed, chaired by the commissioner (declared, no
    # conflict), with the provider's bid; "closed" has no panel (a panel of one).
    ("GET", "/bids/panel/{closed}", "/bids/panel/<int:opportunity_id>", COMMISSIONER_ONLY),
    ("POST", "/bids/panel/{closed}", "/bids/panel/<int:opportunity_id>",
     {**COMMISSIONER_ONLY, "commissioner": 400}),  # no address given
    ("GET", "/bids/panel/{panelled}", "/bids/panel/<int:opportunity_id>", COMMISSIONER_ONLY),
    ("POST", "/bids/panel/{panelled}/{chair}/remove",
     "/bids/panel/<int:opportunity_id>/<int:member_id>/<any(chair, remove):action>",
     {**COMMISSIONER_ONLY, "commissioner": 303}),  # refused with a message: choose another
    ("GET", "/bids/panel/accept/not-a-token", "/bids/panel/accept/<token>",
     {"anonymous": 302, **dict.fromkeys(SIGNED_IN, 404)}),
    ("GET", "/bids/received/{panelled}/conflicts", "/bids/received/<int:opportunity_id>/conflicts",
     {"anonymous": 302, **dict.fromkeys(SIGNED_IN, 403)}),  # already declared
    ("GET", "/bids/received/{panelled}/{panelled_bid}/moderate",
     "/bids/received/<int:opportunity_id>/<reference>/moderate",
     {"anonymous": 302, "member": 404, "provider": 404, "commissioner": 200, "admin": 403}),
    ("GET", "/bids/received/{closed}/{closed_bid}/moderate",
     "/bids/received/<int:opportunity_id>/<reference>/moderate",
     {"anonymous": 302, "member": 404, "provider": 404, "commissioner": 403, "admin": 403}),
    ("GET", "/bids/received/{closed}/matrix.csv", "/bids/received/<int:opportunity_id>/matrix.csv",
     COMMISSIONER_ONLY),
    ("GET", "/bids/received/{panelled}/matrix.csv",
     "/bids/received/<int:opportunity_id>/matrix.csv", COMMISSIONER_ONLY),
    # Intention to award: "standstill" is closed, its intention (to the provider's bid) was
    # notified just now, and the provider has challenged it with a document.
    ("GET", "/bids/award/{standstill}", "/bids/award/<int:opportunity_id>", COMMISSIONER_ONLY),
    ("POST", "/bids/award/{standstill}/confirm", "/bids/award/<int:opportunity_id>/confirm",
     {**COMMISSIONER_ONLY, "commissioner": 400}),  # the standstill has not ended
    ("POST", "/bids/award/{standstill}/withdraw", "/bids/award/<int:opportunity_id>/withdraw",
     {**COMMISSIONER_ONLY, "commissioner": 303}),  # with the reason every withdrawal sends
    ("POST", "/bids/award/{standstill}/challenges/{challenge}/answer",
     "/bids/award/<int:opportunity_id>/challenges/<int:challenge_id>/answer",
     {**COMMISSIONER_ONLY, "commissioner": 400}),  # no answer given
    ("POST", "/bids/{standstill_bid}/challenge", "/bids/<reference>/challenge",
     {**OWN_BID, "provider": 400}),  # no grounds given
    ("GET", "/bids/{standstill_bid}/challenges/{challenge_document}",
     "/bids/<reference>/challenges/<document>", {**OWN_BID, "commissioner": 200}),
    ("GET", "/opportunities/{draft}/edit/attachments",
     "/opportunities/<int:opportunity_id>/edit/attachments", OWN_DRAFT),
    ("POST", "/opportunities/{draft}/edit/attachments/{draft_document}/remove",
     "/opportunities/<int:opportunity_id>/edit/attachments/<int:attachment_id>/remove",
     {**OWN_DRAFT, "commissioner": 303}),
    ("GET", "/opportunities/{open}/attachments/{open_document}",
     "/opportunities/<int:opportunity_id>/attachments/<int:attachment_id>", PUBLIC),
    ("GET", "/opportunities/{draft}/attachments/{draft_document}",
     "/opportunities/<int:opportunity_id>/attachments/<int:attachment_id>",
     {**dict.fromkeys(ROLES, 404), "commissioner": 200}),
    ("POST", "/bids/{bid}/attachments", "/bids/<reference>/attachments",
     {**OWN_BID, "provider": 400}),
    ("GET", "/bids/{bid}/attachments/{bid_document}",
     "/bids/<reference>/attachments/<document>", OWN_BID),
    ("POST", "/bids/{bid}/attachments/{bid_document}/remove",
     "/bids/<reference>/attachments/<document>/remove", {**OWN_BID, "provider": 303}),
    ("GET", "/contracts/", "/contracts/", PUBLIC),
    ("GET", "/contracts/register.csv", "/contracts/register.csv", PUBLIC),
    ("GET", "/contracts/{contract}", "/contracts/<int:contract_id>", PUBLIC),
    ("GET", "/api/v1/contracts", "/api/v1/contracts", PUBLIC),
    ("GET", "/api/v1/contracts/{contract}", "/api/v1/contracts/<int:contract_id>", PUBLIC),
    # The world's contract has not finished: even its parties are refused.
    ("POST", "/contracts/{contract}/library-entry", "/contracts/<int:contract_id>/library-entry",
     {**dict.fromkeys(SIGNED_IN, 403), "anonymous": 302}),
    ("GET", "/contracts/{contract}/reports/new", "/contracts/<int:contract_id>/reports/new",
     PROVIDER_ONLY),
    ("POST", "/contracts/{contract}/reports/{report}/confirm",
     "/contracts/<int:contract_id>/reports/<int:report_id>/confirm",
     {**COMMISSIONER_ONLY, "commissioner": 303}),
    ("GET", "/contracts/{contract}/reports/{report}/return",
     "/contracts/<int:contract_id>/reports/<int:report_id>/return", COMMISSIONER_ONLY),
    # The directory of live services; the contract's provider, its commissioner and staff
    # write a service's listing.
    ("GET", "/services/", "/services/", PUBLIC),
    ("GET", "/services/{contract}", "/services/<int:contract_id>", PUBLIC),
    ("GET", "/services/{contract}/listing", "/services/<int:contract_id>/listing",
     {"anonymous": 302, "member": 403, "provider": 200, "commissioner": 200, "admin": 200}),
    ("POST", "/services/{contract}/listing", "/services/<int:contract_id>/listing",
     {"anonymous": 302, "member": 403, "provider": 400, "commissioner": 400, "admin": 400}),
    # The schedule and variations are the commissioning body's to keep.
    ("GET", "/contracts/{contract}/periods/new", "/contracts/<int:contract_id>/periods/new",
     COMMISSIONER_ONLY),
    ("POST", "/contracts/{contract}/periods/new", "/contracts/<int:contract_id>/periods/new",
     {**COMMISSIONER_ONLY, "commissioner": 400}),  # no dates sent
    ("GET", "/contracts/{contract}/periods/{period}/edit",
     "/contracts/<int:contract_id>/periods/<int:period_id>/edit", COMMISSIONER_ONLY),
    ("POST", "/contracts/{contract}/periods/{period}/edit",
     "/contracts/<int:contract_id>/periods/<int:period_id>/edit",
     {**COMMISSIONER_ONLY, "commissioner": 400}),
    ("POST", "/contracts/{contract}/periods/{period}/remove",
     "/contracts/<int:contract_id>/periods/<int:period_id>/remove",
     {**COMMISSIONER_ONLY, "commissioner": 303}),
    ("GET", "/contracts/{contract}/variations/new",
     "/contracts/<int:contract_id>/variations/new", COMMISSIONER_ONLY),
    ("POST", "/contracts/{contract}/variations/new",
     "/contracts/<int:contract_id>/variations/new", {**COMMISSIONER_ONLY, "commissioner": 400}),
    # Feedback on the contract: "feedback" waits for moderation, "published_feedback" is
    # public and not yet answered by the provider (who won the contract).
    ("GET", "/contracts/{contract}/feedback", "/contracts/<int:contract_id>/feedback", PUBLIC),
    ("POST", "/contracts/{contract}/feedback", "/contracts/<int:contract_id>/feedback",
     dict.fromkeys(ROLES, 400)),  # nobody said who is giving it
    ("GET", "/contracts/{contract}/feedback/all", "/contracts/<int:contract_id>/feedback/all",
     {**COMMISSIONER_ONLY, "admin": 200}),
    ("GET", "/feedback/moderation", "/feedback/moderation", ADMIN_ONLY),
    ("GET", "/feedback/{feedback}/moderate", "/feedback/<int:feedback_id>/moderate",
     ADMIN_ONLY),
    ("POST", "/feedback/{feedback}/moderate", "/feedback/<int:feedback_id>/moderate",
     {**ADMIN_ONLY, "admin": 400}),  # no decision this feedback allows
    ("GET", "/feedback/{published_feedback}/reply", "/feedback/<int:feedback_id>/reply",
     PROVIDER_ONLY),
    ("POST", "/feedback/{published_feedback}/reply", "/feedback/<int:feedback_id>/reply",
     {**PROVIDER_ONLY, "provider": 400}),  # no reply written
    ("GET", "/feedback/{feedback}/reply", "/feedback/<int:feedback_id>/reply",
     {**dict.fromkeys(SIGNED_IN, 404), "anonymous": 302, "commissioner": 403, "admin": 403}),
    ("GET", "/feedback/{feedback}/actions", "/feedback/<int:feedback_id>/actions",
     {**dict.fromkeys(SIGNED_IN, 404), "anonymous": 302, "commissioner": 200, "admin": 403}),
    ("POST", "/feedback/{feedback}/actions", "/feedback/<int:feedback_id>/actions",
     {**dict.fromkeys(SIGNED_IN, 404), "anonymous": 302, "commissioner": 400,
      "admin": 403}),  # no note written
    # Innovation Exchange ({innovation} is published by another organisation)
    ("GET", "/innovations/", "/innovations/", PUBLIC),
    ("GET", "/innovations/{innovation}", "/innovations/<int:innovation_id>", PUBLIC),
    ("GET", "/innovations/{innovation_draft}", "/innovations/<int:innovation_id>",
     {**dict.fromkeys(ROLES, 404), "admin": 200}),
    ("GET", "/innovations/{innovation}/image", "/innovations/<int:innovation_id>/image", PUBLIC),
    ("GET", "/innovations/{innovation_draft}/image", "/innovations/<int:innovation_id>/image",
     {**dict.fromkeys(ROLES, 404), "admin": 200}),
    ("GET", "/innovations/{innovation}/attachments/{attachment}",
     "/innovations/<int:innovation_id>/attachments/<int:attachment_id>", PUBLIC),
    ("POST", "/innovations/{innovation}/attachments/{attachment}/delete",
     "/innovations/<int:innovation_id>/attachments/<int:attachment_id>/delete",
     {"anonymous": 302, **dict.fromkeys(SIGNED_IN, 403)}),
    ("GET", "/innovations/new", "/innovations/new", PROVIDER_ONLY),
    ("GET", "/innovations/{own_innovation}/edit", "/innovations/<int:innovation_id>/edit",
     {"anonymous": 302, "member": 404, "provider": 200, "commissioner": 404, "admin": 403}),
    ("GET", "/innovations/{innovation}/edit", "/innovations/<int:innovation_id>/edit",
     {"anonymous": 302, **dict.fromkeys(SIGNED_IN, 403)}),
    ("POST", "/innovations/{own_innovation}/submit", "/innovations/<int:innovation_id>/submit",
     {"anonymous": 302, "member": 404, "provider": 303, "commissioner": 404, "admin": 403}),
    ("POST", "/innovations/{innovation_draft}/submit", "/innovations/<int:innovation_id>/submit",
     {"anonymous": 302, "member": 404, "provider": 404, "commissioner": 404, "admin": 403}),
    ("GET", "/innovations/yours", "/innovations/yours", PROVIDER_ONLY),
    ("GET", "/innovations/interests", "/innovations/interests",
     {**PROVIDER_ONLY, "commissioner": 200}),
    ("GET", "/innovations/{innovation}/interest", "/innovations/<int:innovation_id>/interest",
     COMMISSIONER_ONLY),
    ("GET", "/innovations/{innovation}/adopt", "/innovations/<int:innovation_id>/adopt",
     COMMISSIONER_ONLY),
    ("GET", "/innovations/moderation", "/innovations/moderation", ADMIN_ONLY),
    ("GET", "/innovations/{innovation_submitted}/moderate",
     "/innovations/<int:innovation_id>/moderate",
     {"anonymous": 302, "member": 404, "provider": 404, "commissioner": 404, "admin": 200}),
    ("POST", "/innovations/{innovation}/withdraw", "/innovations/<int:innovation_id>/withdraw",
     {**ADMIN_ONLY, "admin": 303}),
    ("GET", "/api/v1/innovations", "/api/v1/innovations", PUBLIC),
    ("GET", "/api/v1/innovations/{innovation}", "/api/v1/innovations/<int:innovation_id>",
     PUBLIC),
    ("GET", "/api/v1/innovations/{innovation_draft}", "/api/v1/innovations/<int:innovation_id>",
     dict.fromkeys(ROLES, 404)),
    ("GET", "/library/", "/library/", PUBLIC),
    ("GET", "/library/download.csv", "/library/download.csv", PUBLIC),
    ("GET", "/library/evidence", "/library/evidence", PUBLIC),
    ("GET", "/library/new", "/library/new", {"anonymous": 302, **SIGNED_IN}),
    ("GET", "/library/yours", "/library/yours", {"anonymous": 302, **SIGNED_IN}),
    ("GET", "/library/moderation", "/library/moderation", ADMIN_ONLY),
    ("GET", "/library/{entry}", "/library/<int:entry_id>", PUBLIC),
    ("GET", "/library/{waiting}", "/library/<int:entry_id>",
     {"anonymous": 404, "member": 404, "provider": 404, "commissioner": 404, "admin": 200}),
    ("GET", "/library/{entry}/edit", "/library/<int:entry_id>/edit", ADMIN_ONLY),
    ("POST", "/library/{entry}/moderate", "/library/<int:entry_id>/moderate",
     {**ADMIN_ONLY, "admin": 303}),
    ("POST", "/library/{entry}/delete", "/library/<int:entry_id>/delete",
     {**ADMIN_ONLY, "admin": 303}),
    ("GET", "/search?q=housing", "/search", PUBLIC),
    ("GET", "/api/v1/search?q=housing", "/api/v1/search", PUBLIC),
    ("GET", "/api/v1/library", "/api/v1/library", PUBLIC),
    ("GET", "/api/v1/library/{entry}", "/api/v1/library/<int:entry_id>", PUBLIC),
    ("GET", "/api/v1/library/{waiting}", "/api/v1/library/<int:entry_id>",
     dict.fromkeys(ROLES, 404)),
    # Alerts, follows and notifications. "alert" and "notification" belong to someone else.
    ("GET", "/alerts/", "/alerts/", {"anonymous": 302, **SIGNED_IN}),
    ("GET", "/alerts/new?source=search&q=housing", "/alerts/new",
     {"anonymous": 302, **SIGNED_IN}),
    ("POST", "/alerts/new?source=search&q=housing", "/alerts/new",
     {"anonymous": 302, **dict.fromkeys(SIGNED_IN, 400)}),  # no name given
    ("GET", "/alerts/{alert}", "/alerts/<int:alert_id>",
     {"anonymous": 302, **dict.fromkeys(SIGNED_IN, 404)}),
    ("POST", "/alerts/{alert}/stop", "/alerts/<int:alert_id>/<any(stop, resume, delete):action>",
     {"anonymous": 302, **dict.fromkeys(SIGNED_IN, 404)}),
    ("GET", "/alerts/unsubscribe/{unsubscribe}", "/alerts/unsubscribe/<token>", PUBLIC),
    ("GET", "/alerts/unsubscribe/{unsubscribe}x", "/alerts/unsubscribe/<token>",
     dict.fromkeys(ROLES, 404)),
    ("POST", "/alerts/unsubscribe/{unsubscribe}/undo", "/alerts/unsubscribe/<token>/undo",
     PUBLIC),
    ("GET", "/notifications/", "/notifications/", {"anonymous": 302, **SIGNED_IN}),
    ("GET", "/notifications/{notification}", "/notifications/<int:notification_id>",
     {"anonymous": 302, **dict.fromkeys(SIGNED_IN, 404)}),
    ("POST", "/notifications/read", "/notifications/read", {"anonymous": 302,
                                                           **dict.fromkeys(SIGNED_IN, 303)}),
    ("POST", "/opportunities/{open}/follow",
     "/opportunities/<int:opportunity_id>/<any(follow, unfollow):action>",
     {"anonymous": 302, **dict.fromkeys(SIGNED_IN, 303), "commissioner": 403}),
    ("POST", "/opportunities/{draft}/follow",
     "/opportunities/<int:opportunity_id>/<any(follow, unfollow):action>",
     {"anonymous": 302, **dict.fromkeys(SIGNED_IN, 404), "commissioner": 403}),
    ("POST", "/opportunities/{open}/unfollow",
     "/opportunities/<int:opportunity_id>/<any(follow, unfollow):action>",
     {"anonymous": 302, **dict.fromkeys(SIGNED_IN, 303)}),
    # Areas and indicators. The commissioner's body serves Manchester (E08000003).
    ("GET", "/areas/", "/areas/", PUBLIC),
    ("GET", "/areas/E08000003", "/areas/<code>", PUBLIC),
    ("GET", "/areas/E12000002", "/areas/<code>", PUBLIC),
    ("GET", "/areas/E92000001", "/areas/<code>", PUBLIC),
    ("GET", "/areas/E08000003/laa", "/areas/<code>/laa", COMMISSIONER_ONLY),
    ("POST", "/areas/E08000003/laa", "/areas/<code>/laa",
     {**COMMISSIONER_ONLY, "commissioner": 303}),
    ("GET", "/areas/E09000028/laa", "/areas/<code>/laa",
     {**COMMISSIONER_ONLY, "commissioner": 403}),
    ("GET", "/indicators/", "/indicators/", PUBLIC),
    ("GET", "/indicators/ni-148", "/indicators/<code>", PUBLIC),
    ("POST", "/admin/organisations/{other}/local-area",
     "/admin/organisations/<int:organisation_id>/local-area", {**ADMIN_ONLY, "admin": 303}),
    ("GET", "/api/v1/areas/E08000003", "/api/v1/areas/<code>", PUBLIC),
    ("GET", "/api/v1/indicators/ni-148", "/api/v1/indicators/<code>", PUBLIC),
    ("GET", "/api/v1/indicators/ni-148/values.csv", "/api/v1/indicators/<code>/values.csv",
     PUBLIC),
    # Guidance: "guidance" is published, "guidance_draft" is not; only staff write.
    ("GET", "/guidance/", "/guidance/", PUBLIC),
    ("GET", "/guidance/manage", "/guidance/manage", ADMIN_ONLY),
    ("GET", "/guidance/new", "/guidance/new", ADMIN_ONLY),
    ("POST", "/guidance/new", "/guidance/new", {**ADMIN_ONLY, "admin": 400}),
    ("GET", "/guidance/{guidance}", "/guidance/<slug>", PUBLIC),
    ("GET", "/guidance/{guidance_draft}", "/guidance/<slug>",
     {**dict.fromkeys(ROLES, 404), "admin": 200}),
    ("GET", "/guidance/{guidance}/edit", "/guidance/<slug>/edit", ADMIN_ONLY),
    ("GET", "/guidance/{guidance_draft}/edit", "/guidance/<slug>/edit", STAFF_DRAFT),
    ("POST", "/guidance/{guidance}/edit", "/guidance/<slug>/edit", {**ADMIN_ONLY, "admin": 400}),
    ("GET", "/guidance/{guidance}/publish", "/guidance/<slug>/publish", ADMIN_ONLY),
    ("POST", "/guidance/{guidance}/publish", "/guidance/<slug>/publish",
     {**ADMIN_ONLY, "admin": 400}),  # no review date
    ("POST", "/guidance/{guidance}/withdraw", "/guidance/<slug>/withdraw",
     {**ADMIN_ONLY, "admin": 303}),
    ("GET", "/guidance/{guidance}/history", "/guidance/<slug>/history", ADMIN_ONLY),
    ("GET", "/guidance/{guidance_draft}/history", "/guidance/<slug>/history", STAFF_DRAFT),
    ("GET", "/guidance/{guidance}/versions/1", "/guidance/<slug>/versions/<int:number>",
     ADMIN_ONLY),
    # Events: "event" is published and "event_draft" is not, both organised by staff;
    # "own_event" is a draft of the commissioner's body. Organisers are staff and
    # commissioners of a verified body.
    ("GET", "/events/", "/events/", PUBLIC),
    ("GET", "/events/manage", "/events/manage", ORGANISERS),
    ("GET", "/events/new", "/events/new", ORGANISERS),
    ("POST", "/events/new", "/events/new", {**ORGANISERS, "commissioner": 400, "admin": 400}),
    ("GET", "/events/{event}", "/events/<int:event_id>", PUBLIC),
    ("GET", "/events/{event_draft}", "/events/<int:event_id>",
     {**dict.fromkeys(ROLES, 404), "admin": 200}),
    ("GET", "/events/{own_event}", "/events/<int:event_id>",
     {**dict.fromkeys(ROLES, 404), "commissioner": 200, "admin": 200}),
    ("GET", "/events/{event}.ics", "/events/<int:event_id>.ics", PUBLIC),
    ("GET", "/events/region/E12000002.ics", "/events/region/<code>.ics", PUBLIC),
    ("GET", "/events/{event}/edit", "/events/<int:event_id>/edit", ADMIN_ONLY),
    ("GET", "/events/{own_event}/edit", "/events/<int:event_id>/edit",
     {**dict.fromkeys(ROLES, 404), "anonymous": 302, "commissioner": 200, "admin": 200}),
    ("POST", "/events/{own_event}/edit", "/events/<int:event_id>/edit",
     {**dict.fromkeys(ROLES, 404), "anonymous": 302, "commissioner": 400, "admin": 400}),
    ("POST", "/events/{own_event}/publish", "/events/<int:event_id>/publish",
     {**dict.fromkeys(ROLES, 404), "anonymous": 302, "commissioner": 303, "admin": 303}),
    ("POST", "/events/{event}/cancel", "/events/<int:event_id>/cancel",
     {**ADMIN_ONLY, "admin": 303}),
    ("GET", "/events/{event}/attendees.csv", "/events/<int:event_id>/attendees.csv",
     ADMIN_ONLY),
    ("POST", "/events/{event}/register", "/events/<int:event_id>/register",
     {**dict.fromkeys(ROLES, 303), "anonymous": 400}),
    ("GET", "/events/places/{place}/confirm", "/events/places/<token>/confirm", PUBLIC),
    ("POST", "/events/places/{place}/confirm", "/events/places/<token>/confirm",
     dict.fromkeys(ROLES, 303)),
    ("GET", "/events/places/{place_cancel}/cancel", "/events/places/<token>/cancel", PUBLIC),
    ("POST", "/events/places/{place_cancel}/cancel", "/events/places/<token>/cancel",
     dict.fromkeys(ROLES, 303)),
    ("GET", "/api/v1/guidance", "/api/v1/guidance", PUBLIC),
    ("GET", "/api/v1/guidance/{guidance}", "/api/v1/guidance/<slug>", PUBLIC),
    ("GET", "/api/v1/guidance/{guidance_draft}", "/api/v1/guidance/<slug>",
     dict.fromkeys(ROLES, 404)),
]


@pytest.fixture
def world(make_user, make_organisation):
    """The world below, for a test of its own (other modules' walks use it)."""
    return _world(make_user, make_organisation)


@pytest.fixture(scope="module")
def shared(database_url, smtp_inbox, tmp_path_factory):
    """An app and one world, built once for this module on each database: every row asks
    inside `undone()`, so every role meets the world as it was built. (Building a world
    for each row and role was most of this module's time: 950 worlds, 8 minutes.)"""
    app = _make_app(database_url, tmp_path_factory.mktemp("permissions"), smtp_inbox.port)
    with app.app_context():
        limiter.reset()
        made = _world(user_maker(organisation_maker()), organisation_maker())
        for user in made["users"].values():  # read now what the rows read, then let go
            db.session.refresh(user)
        db.session.close()
        yield app, made
        empty_database()


def _world(make_user, make_organisation) -> dict:
    """One user per role, another organisation with a member waiting, a failed email, and
    a draft, an open and a closed opportunity of the commissioner's body; and every other
    object a route in the matrix names."""
    from portal.alerts.services import unsubscribe_token
    from portal.extensions import db
    from portal.models import (
        Bid,
        BidVersion,
        ClarificationQuestion,
        Contract,
        Notification,
        OutboundEmail,
        OutcomeReport,
        PanelMember,
        ReportingPeriod,
        SavedAlert,
    )
    from tests.factories import complete_draft
    from tests.library.factories import published_entry, submitted_entry

    other = make_organisation("Other Body", "pct", "pending")
    make_user("commissioner", organisation=other)
    pending = make_user("member", organisation=other)
    users = {role: make_user(role) for role in ROLES if role != "anonymous"}
    failed = OutboundEmail(template="verify_email", recipient="x@example.org", subject="s",
                           body_text="t", body_html="h", status="failed", attempts=8)
    db.session.add(failed)
    owner = users["commissioner"]
    owner.organisation.local_area_code = "E08000003"
    past = portal_clock.now() - timedelta(days=1)
    draft = complete_draft(owner.organisation, owner)
    opened = complete_draft(owner.organisation, owner, published_at=past)
    closed = complete_draft(owner.organisation, owner, published_at=past - timedelta(days=9),
                            questions_close_at=past - timedelta(days=2), closes_at=past)
    question = ClarificationQuestion(opportunity=opened, asked_by_id=users["provider"].id,
                                     organisation_id=users["provider"].organisation_id,
                                     question="When?")
    db.session.add(question)
    bidder = users["provider"]
    bid = Bid(opportunity=opened, organisation_id=bidder.organisation_id,
              created_by_id=bidder.id, status="submitted")
    closed_bid = Bid(opportunity=closed, organisation_id=bidder.organisation_id,
                     created_by_id=bidder.id, status="submitted")
    panelled = complete_draft(owner.organisation, owner, published_at=past - timedelta(days=9),
                              questions_close_at=past - timedelta(days=2), closes_at=past)
    chair = PanelMember(opportunity=panelled, email=owner.email, user_id=owner.id, role="chair",
                        invited_by_id=owner.id, accepted_at=past, declared_at=past)
    db.session.add(chair)
    panelled_bid = Bid(opportunity=panelled, organisation_id=bidder.organisation_id,
                       created_by_id=bidder.id, status="submitted")
    content = {"price": "100000", "responses": {}, "commitments": {}, "improvements": {}}
    for made in (bid, closed_bid, panelled_bid):
        made.versions.append(BidVersion(number=1, submitted_at=past, submitted_by_id=bidder.id,
                                        content=content))
    contract = Contract(opportunity=closed, bid=closed_bid, organisation_id=bidder.organisation_id,
                        value=100000, starts_on=past.date(), ends_on=past.date() + timedelta(
                            days=365), awarded_at=past, awarded_by_id=owner.id, winning_score=80)
    report = OutcomeReport(contract=contract, period_start=past.date(),
                           period_end=past.date() + timedelta(days=90),
                           submitted_by_id=bidder.id, status="submitted")
    period = ReportingPeriod(contract=contract, starts_on=past.date() + timedelta(days=91),
                             ends_on=past.date() + timedelta(days=180),
                             due_on=past.date() + timedelta(days=210))
    db.session.add_all([bid, closed_bid, contract, report, chair, panelled_bid, period])
    feedback, published_feedback = _feedback(contract, users["admin"])
    documents = _documents(draft, opened, bid)
    db.session.add_all(documents.values())
    db.session.commit()
    standstill, standstill_bid, challenge = _standstill(owner, bidder, past, content)
    db.session.commit()
    entry = published_entry()
    waiting = submitted_entry(make_user("provider"), title="Waiting for moderation")
    from tests.innovations.support import innovation_world

    innovations = {f"innovation_{k}" if k in ("draft", "submitted") else k: v
                   for k, v in innovation_world(users, make_user("provider")).items()}
    someone = make_user("provider")
    alert = SavedAlert(user_id=someone.id, name="Housing", frequency="daily", query="housing",
                       filters={})
    notification = Notification(user_id=someone.id, event="member_confirmed",
                                subject="You are now a member", link="/dashboard")
    db.session.add_all([alert, notification])
    db.session.commit()
    from tests.guidance.factories import draft_page, published_page

    guidance, guidance_draft = published_page(), draft_page(title="Not ready")
    return {"guidance": guidance.slug, "guidance_draft": guidance_draft.slug,
            **_events(owner),
            "alert": alert.id, "notification": notification.id,
            "unsubscribe": unsubscribe_token(someone.id, [alert.id]),
            "users": users, "other": other.id, "pending": pending.id, "failed_email": failed.id,
            "draft": draft.id, "open": opened.id, "closed": closed.id, "question": question.id,
            "criterion": draft.criteria[0].id, "bid": bid.reference,
            "closed_bid": closed_bid.reference, "contract": contract.id, "report": report.id,
            "period": period.id,
            "panelled": panelled.id, "chair": chair.id, "panelled_bid": panelled_bid.reference,
            "standstill": standstill.id, "standstill_bid": standstill_bid.reference,
            "challenge": challenge.id, "challenge_document": challenge.documents[0].reference,
            **{name: getattr(document, "reference", document.id)
               for name, document in documents.items()},
            "entry": entry.id, "waiting": waiting.id, **innovations,
            "feedback": feedback.id, "published_feedback": published_feedback.id}


def _events(owner) -> dict:
    """A published and a draft event by staff, a draft by the commissioner's body, and a
    guest's registration (its confirmation and cancellation tokens)."""
    from portal.events import registrations
    from portal.extensions import db
    from tests.events.factories import draft_event, published_event

    event, event_draft = published_event(), draft_event(title="Not ready")
    own_event = draft_event(actor=owner, title="Our market day")
    guest = registrations.register_guest(event, "Ann Guest", "ann@example.org")
    holder = registrations.register_guest(event, "Bob Guest", "bob@example.org")
    registrations.confirm_guest(holder)
    db.session.commit()
    return {"event": event.id, "event_draft": event_draft.id, "own_event": own_event.id,
            "place": registrations.confirm_token(guest),
            "place_cancel": registrations.cancel_token(holder)}


def _standstill(owner, bidder, past, content):
    """A closed opportunity whose intention to award (to the bidder) is in its standstill,
    challenged by the bidder with a document."""
    import io

    from werkzeug.datastructures import FileStorage

    from portal import uploads
    from portal.extensions import db
    from portal.models import AwardIntention, Bid, BidVersion, Challenge, ChallengeDocument
    from tests.factories import complete_draft

    opportunity = complete_draft(owner.organisation, owner, closes_at=past,
                                 published_at=past - timedelta(days=9),
                                 questions_close_at=past - timedelta(days=2))
    bid = Bid(opportunity=opportunity, organisation_id=bidder.organisation_id,
              created_by_id=bidder.id, status="submitted")
    bid.versions.append(BidVersion(number=1, submitted_at=past, submitted_by_id=bidder.id,
                                   content=content))
    intention = AwardIntention(opportunity=opportunity, bid=bid, starts_on=past.date(),
                               ends_on=past.date() + timedelta(days=365), standstill_days=10,
                               advantages="Best plan.", notified_by_id=owner.id,
                               notified_at=portal_clock.now())
    stored = uploads.save_attachment(FileStorage(io.BytesIO(b"%PDF-1.4\n"), "grounds.pdf"))
    challenge = Challenge(intention=intention, bid=bid, raised_by_id=bidder.id, grounds="Unfair")
    challenge.documents.append(ChallengeDocument(
        stored_name=stored.name, filename="grounds.pdf", content_type="application/pdf",
        size_bytes=stored.size_bytes))
    db.session.add_all([bid, intention, challenge])
    return opportunity, bid, challenge


def _feedback(contract, admin):
    """Feedback on the contract: one waiting for moderation, one published."""
    from portal.extensions import db
    from portal.models import ServiceFeedback

    waiting = ServiceFeedback(contract=contract, giver="person", original_worked="Kind staff.")
    public = ServiceFeedback(contract=contract, giver="advocate", original_worked="Helpful.",
                             status="published", public_worked="Helpful.",
                             moderated_at=portal_clock.now(), moderated_by_id=admin.id)
    db.session.add_all([waiting, public])
    return waiting, public


def _documents(draft, opened, bid) -> dict:
    """A stored document on the draft, on the open opportunity and on the bid."""
    import io

    from werkzeug.datastructures import FileStorage

    from portal import uploads
    from portal.models import BidAttachment, OpportunityAttachment

    made = {}
    for key, owner, model in (("draft_document", draft, OpportunityAttachment),
                              ("open_document", opened, OpportunityAttachment),
                              ("bid_document", bid, BidAttachment)):
        stored = uploads.save_attachment(FileStorage(io.BytesIO(b"%PDF-1.4\n"), "spec.pdf"))
        document = model(stored_name=stored.name, filename="spec.pdf",
                         content_type="application/pdf", size_bytes=stored.size_bytes)
        if model is BidAttachment:
            document.bid = owner
        else:
            document.opportunity, document.uploaded_by_id = owner, owner.created_by_id
        made[key] = document
    return made


@pytest.mark.parametrize(("method", "template", "rule", "expected"), MATRIX,
                         ids=[f"{m} {t}" for m, t, _, _ in MATRIX])
def test_each_role_gets_the_answer_it_should(shared, method, template, rule, expected):
    """Each role asks in a browser of its own, on the world as it was built: what an action
    (or a page) changed for one role is rolled back before the next asks."""
    app, world = shared
    answers = {}
    for role in ROLES:
        with app.app_context(), undone():  # Flask-Login keeps the user in the context's g
            client = app.test_client()
            answers[role] = _answer(client, AuthActions(client), world, role, method, template)
    assert answers == {role: expected[role] for role in ROLES}


class _OnConnection(FlaskSession):
    """A session that works on the connection it was given, whatever the table."""

    def get_bind(self, *args, **kwargs):
        return self.bind


@contextmanager
def undone():
    """Run the block on one connection inside a transaction that is rolled back at the end.

    The app's sessions join it by savepoints, so the app commits and rolls back as it
    always does. Other connections (the search indexer's, reference data) see none of the
    block's changes, so nothing the block does is indexed. SQLite's driver begins a
    transaction only before a statement that writes, so one that writes nothing opens it.
    Stored files are outside the database: any the block deleted from UPLOAD_DIR are put back.
    """
    uploads = Path(current_app.config["UPLOAD_DIR"])
    files = {path: path.read_bytes() for path in uploads.rglob("*") if path.is_file()}
    connection = db.engine.connect()
    outer = connection.begin()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("DELETE FROM pending_search_change WHERE 0")
    app_session = db.session
    db.session = db._make_scoped_session({
        "bind": connection, "join_transaction_mode": "create_savepoint", "class_": _OnConnection})
    try:
        yield
    finally:
        db.session.remove()
        db.session = app_session
        outer.rollback()
        connection.close()
        limiter.reset()
        for path, content in files.items():
            if not path.exists():
                path.write_bytes(content)


def _answer(client, auth, world, role: str, method: str, template: str) -> int:
    user = world["users"].get(role)
    if user is not None:
        auth.login(user)
    own = user.organisation_id if user is not None and user.organisation_id else world["other"]
    path = template.format(own=own, **{k: v for k, v in world.items() if k != "users"})
    return send(client, method, path).status_code


def send(client, method: str, path: str):
    """GET the path, or POST it with a CSRF token and the fields its form would send."""
    if method == "GET":
        return client.get(path)
    data = {"csrf_token": csrf_token(client, "/register")}
    if path.startswith("/admin/organisations/"):
        data["decision"] = "verified"
    if path.endswith("/withdraw"):
        data["reason"] = "Out of date"
    if path.endswith("/moderate"):
        data.update(decision="unpublish", reason="Figures need checking")
    return client.post(path, data=data)


def test_matrix_covers_every_route(shared):
    app, _ = shared
    covered = {rule for _, _, rule, _ in MATRIX}
    routes = {rule.rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"}
    assert routes - covered == set()


def test_an_action_in_the_matrix_leaves_the_world_as_it_was(shared):
    """What one role's action did is gone before the next role asks."""
    from portal.models import Organisation

    app, world = shared
    with app.app_context(), undone():
        client = app.test_client()
        assert _answer(client, AuthActions(client), world, "admin", "POST",
                       "/admin/organisations/{other}") == 303
        assert db.session.get(Organisation, world["other"]).status == "verified"
    with app.app_context():
        assert db.session.get(Organisation, world["other"]).status == "pending"
