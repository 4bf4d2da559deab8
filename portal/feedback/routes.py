"""Feedback pages: the public form on a contract, the staff moderation queue, the provider's
reply and the commissioner's view of everything given on a contract."""

from flask import current_app, render_template, url_for
from flask_login import current_user, login_required

from portal import permissions
from portal.errors import NotFound, PermissionDenied
from portal.extensions import limiter
from portal.feedback import bp, queries, services
from portal.feedback.forms import FeedbackForm, ModerationForm, NoteForm
from portal.models.feedback import RATING_QUESTIONS
from portal.views import submit_form

THANKS = ("Thank you. Your feedback is with our staff: they take out personal details before "
          "anything is published.")


def _feedback_limit() -> str:
    """Per address and generous: a day centre or an advocacy office is many people behind one
    address, who may give feedback one after another."""
    return current_app.config["FEEDBACK_RATE_LIMIT"]


def _given(form: FeedbackForm) -> services.GivenFeedback:
    return services.GivenFeedback(
        giver=form.giver.data or "", worked=form.worked.data or "",
        not_worked=form.not_worked.data or "", treated=form.treated.data or "",
        ratings={code: form[f"rating_{code}"].data for code in RATING_QUESTIONS},
        name=form.name.data or "", contact=form.contact.data or "",
        may_contact=form.may_contact.data == "yes", trap=form.trap.data or "")


@bp.route("/contracts/<int:contract_id>/feedback", methods=["GET", "POST"])
@limiter.limit(_feedback_limit, methods=["POST"])
def give(contract_id):
    contract = queries.public_contract(contract_id)
    form = FeedbackForm()
    return submit_form(
        form, "feedback/give.html",
        lambda: services.give_feedback(contract, _given(form), actor=current_user),
        then=url_for("contracts.detail", contract_id=contract.id, _anchor="feedback"),
        message=THANKS, contract=contract)


@bp.route("/feedback/moderation")
@login_required
def moderation():
    if not permissions.can_moderate_feedback(current_user):
        raise PermissionDenied()
    return render_template("feedback/moderation.html", waiting=queries.waiting())


@bp.route("/feedback/<int:feedback_id>/moderate", methods=["GET", "POST"])
@login_required
def moderate(feedback_id):
    if not permissions.can_moderate_feedback(current_user):
        raise PermissionDenied()
    feedback = queries.get_feedback(feedback_id)
    form = ModerationForm(data=_starting_words(feedback))
    return submit_form(
        form, "feedback/moderate.html",
        lambda: services.moderate(
            feedback, form.decision.data,
            public={name: form[f"public_{name}"].data for name in services.TEXTS},
            staff_note=form.staff_note.data or "", actor=current_user),
        then="feedback.moderation", message="Your decision is saved.", feedback=feedback,
        questions=RATING_QUESTIONS)


def _starting_words(feedback) -> dict[str, str]:
    """The public words so far, or at first the giver's own, for staff to take details out."""
    source = "public" if feedback.moderated_at else "original"
    return {f"public_{name}": getattr(feedback, f"{source}_{name}") or ""
            for name in services.TEXTS}


@bp.route("/contracts/<int:contract_id>/feedback/all")
@login_required
def commissioned(contract_id):
    contract = queries.public_contract(contract_id)
    if not permissions.can_see_contract_feedback(current_user, contract):
        raise PermissionDenied()
    return render_template("feedback/commissioned.html", contract=contract,
                           given=queries.on_contract(contract.id),
                           summary=queries.summary(contract.id), questions=RATING_QUESTIONS)


def _known_feedback(feedback_id: int):
    """Feedback the user may know exists; any other id answers as one that does not."""
    feedback = queries.get_feedback(feedback_id)
    if not permissions.may_know_of_feedback(current_user, feedback):
        raise NotFound()
    return feedback


@bp.route("/feedback/<int:feedback_id>/reply", methods=["GET", "POST"])
@login_required
def reply(feedback_id):
    return _one_box(feedback_id, permissions.can_reply_to_feedback, services.reply,
                    "contracts.detail", "Your reply is published under the feedback.", "reply")


@bp.route("/feedback/<int:feedback_id>/actions", methods=["GET", "POST"])
@login_required
def note_action(feedback_id):
    return _one_box(feedback_id, permissions.can_note_feedback_action, services.note_action,
                    "feedback.commissioned", "What you did is noted.", "action")


def _one_box(feedback_id: int, allowed, save, back_to: str, message: str, kind: str):
    """The pages with one box of text about one piece of feedback (the provider's reply, the
    commissioner's note): the same checks and page, a different rule and destination."""
    feedback = _known_feedback(feedback_id)
    if not allowed(current_user, feedback):
        raise PermissionDenied()
    form = NoteForm()
    return submit_form(
        form, "feedback/write.html", lambda: save(feedback, form.text.data, actor=current_user),
        then=url_for(back_to, contract_id=feedback.contract_id,
                     _anchor=f"feedback-{feedback.id}"),
        message=message, feedback=feedback, kind=kind)
