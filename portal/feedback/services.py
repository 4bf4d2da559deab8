"""The rules of feedback on a funded service: give it (no account needed), moderate it,
reply to it, note what was done about it. Nothing is public until staff publish it."""

import re
from dataclasses import dataclass, field

from portal import audit, clock, permissions
from portal.errors import PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.models import Contract, FeedbackAction, ServiceFeedback
from portal.models.feedback import GIVERS, RATING_QUESTIONS
from portal.notifications.events import notify_members
from portal.urls import external_url

TEXTS = ("worked", "not_worked", "treated")
MAX_LINKS = 2
MAX_NOTE = 2000
_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE = re.compile(r"\+?[0-9][0-9 ()-]{8,18}[0-9]")
# Which decisions staff may take from each status, and the status each leads to.
DECISIONS = {"publish": "published", "reject": "rejected", "safeguarding": "safeguarding"}
ALLOWED = {"waiting": ("publish", "reject", "safeguarding"),
           "published": ("reject", "safeguarding"), "rejected": ("publish",),
           "safeguarding": ()}


@dataclass
class GivenFeedback:
    """What the form collected. `trap` is the honeypot field that people never see."""

    giver: str
    worked: str = ""
    not_worked: str = ""
    treated: str = ""
    ratings: dict[str, int | None] = field(default_factory=dict)
    name: str = ""
    contact: str = ""
    may_contact: bool = False
    trap: str = ""


def _content_errors(given: GivenFeedback) -> dict[str, str]:
    """The content check: some words about the service, few links, a way to reach a giver
    who asked to be contacted. No CAPTCHA: it would lock out assistive technology."""
    errors = {}
    if given.giver not in GIVERS:
        errors["giver"] = "Choose who is giving this feedback"
    texts = {name: getattr(given, name).strip() for name in TEXTS}
    if not any(texts.values()):
        errors["worked"] = "Tell us about the service: write in at least one of the three boxes"
    links = {name: len(_LINK.findall(text)) for name, text in texts.items()}
    if sum(links.values()) > MAX_LINKS:
        errors[max(links, key=links.get)] = (
            f"Take out some of the web links: feedback can have up to {MAX_LINKS}")
    contact = given.contact.strip()
    if given.may_contact and not contact:
        errors["contact"] = ("Enter an email address or phone number so we can contact you, "
                             "or choose no")
    elif contact and not (_EMAIL.fullmatch(contact) or _PHONE.fullmatch(contact)):
        errors["contact"] = ("Enter an email address, like name@example.com, or a phone "
                             "number, like 07700 900 982")
    return errors


def give_feedback(contract: Contract, given: GivenFeedback, *, actor) -> ServiceFeedback | None:
    """Record feedback on a contract for moderation. Anyone may give it, signed in or not.
    A filled honeypot is accepted without a word and kept nowhere (None): telling a robot
    it was caught only teaches it. The name and contact are kept only with consent."""
    errors = _content_errors(given)
    if errors:
        raise ValidationFailed(errors)
    if given.trap.strip():
        return None
    feedback = ServiceFeedback(
        contract=contract, giver=given.giver, original_worked=given.worked.strip(),
        original_not_worked=given.not_worked.strip(), original_treated=given.treated.strip(),
        may_contact=given.may_contact, status="waiting",
        giver_name=(given.name.strip() or None) if given.may_contact else None,
        contact=given.contact.strip() if given.may_contact else None,
        **{f"rating_{code}": given.ratings.get(code) for code in RATING_QUESTIONS})
    db.session.add(feedback)
    db.session.flush()
    audit.record("feedback.given", feedback, actor=actor, contract_id=contract.id,
                 giver=given.giver)
    return feedback


def moderate(feedback: ServiceFeedback, decision: str, *, public: dict[str, str],
             staff_note: str, actor) -> None:
    """Publish the staff's version of the words (personal details taken out; the original
    is never shown publicly), reject, or mark a safeguarding concern, which goes privately
    to the commissioning body and is never published."""
    if not permissions.can_moderate_feedback(actor):
        raise PermissionDenied()
    if decision not in ALLOWED[feedback.status]:
        raise ValidationFailed("Choose what to do with this feedback", "decision")
    cleaned = {name: (public.get(name) or "").strip() for name in TEXTS}
    if decision == "publish" and not any(cleaned.values()):
        raise ValidationFailed("Enter the words to publish, with personal details taken out",
                               "public_worked")
    for name, text in cleaned.items():
        setattr(feedback, f"public_{name}", text or None)
    feedback.status = DECISIONS[decision]
    feedback.staff_note = staff_note.strip()[:MAX_NOTE] or None
    feedback.moderated_at, feedback.moderated_by_id = clock.now(), actor.id
    audit.record(f"feedback.{feedback.status}", feedback, actor=actor,
                 contract_id=feedback.contract_id)
    if decision == "safeguarding":
        _tell_commissioner(feedback)


def _tell_commissioner(feedback: ServiceFeedback) -> None:
    """The email says only where to look: the words stay in the portal, out of mailboxes."""
    contract = feedback.contract
    notify_members(
        contract.opportunity.organisation_id, "feedback_safeguarding",
        f"A safeguarding concern about {contract.opportunity.title}"[:255],
        contract=contract,
        link=external_url("feedback.commissioned", contract_id=contract.id,
                          _anchor=f"feedback-{feedback.id}"))


def _note_text(text: str, field_name: str, what: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationFailed(f"Enter {what}", field_name)
    if len(text) > MAX_NOTE:
        raise ValidationFailed(f"{what.capitalize()} must be {MAX_NOTE:,} characters or fewer",
                               field_name)
    return text


def reply(feedback: ServiceFeedback, text: str, *, actor) -> None:
    """The provider's one public reply to published feedback."""
    if not permissions.can_reply_to_feedback(actor, feedback):
        raise PermissionDenied()
    feedback.reply = _note_text(text, "text", "your reply")
    feedback.replied_at, feedback.replied_by_id = clock.now(), actor.id
    audit.record("feedback.replied", feedback, actor=actor, contract_id=feedback.contract_id)


def note_action(feedback: ServiceFeedback, text: str, *, actor) -> FeedbackAction:
    """What the commissioner did about the feedback, for staff and the commissioner only."""
    if not permissions.can_note_feedback_action(actor, feedback):
        raise PermissionDenied()
    action = FeedbackAction(feedback=feedback, note=_note_text(text, "text", "what you did"),
                            noted_by_id=actor.id)
    db.session.add(action)
    audit.record("feedback.action_noted", feedback, actor=actor,
                 contract_id=feedback.contract_id)
    return action
