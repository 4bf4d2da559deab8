"""Intention to award, standstill and challenge: the chair's pages and the bidder's
challenge (the debrief itself is on the bid page, `routes.bid_page`)."""

from flask import render_template, request, url_for
from flask_login import current_user, login_required

from portal import clock, permissions, uploads
from portal.bids import award as awarding
from portal.bids import bp, evaluation
from portal.bids.forms import AwardForm, parse_days, parse_period
from portal.bids.routes import bid_page
from portal.bids.services import get_bid
from portal.errors import NotFound, PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.forms import choice_list
from portal.opportunities import services as opportunity_services
from portal.views import attempt, flash_outcome, see_other, submit_form


@bp.route("/award/<int:opportunity_id>", methods=["GET", "POST"])
@login_required
def award(opportunity_id):
    """Notify the intention to award; during the standstill, the page that follows it."""
    opportunity = opportunity_services.get_visible(opportunity_id, actor=current_user)
    if opportunity.in_standstill and request.method == "GET":
        return _standstill_page(opportunity, errors={})
    if not permissions.can_moderate(current_user, opportunity):
        raise PermissionDenied()
    ranked = evaluation.results(opportunity, evaluation.bids_received(opportunity,
                                                                      actor=current_user))
    form = AwardForm()
    form.bid.choices = choice_list(
        (r.bid.reference, f"{r.bid.organisation.name}: {r.total} points") for r in ranked)

    def notify_it():
        winner = next((r.bid for r in ranked if r.bid.reference == form.bid.data), None)
        if winner is None:
            raise ValidationFailed("Choose the winning bid", "bid")
        return awarding.notify_intention(
            opportunity, winner, starts_on=parse_period(form.starts_on.data),
            ends_on=parse_period(form.ends_on.data),
            standstill_days=parse_days(form.standstill_days.data),
            advantages=form.advantages.data or "", actor=current_user)

    return submit_form(
        form, "bids/award.html", notify_it,
        then=lambda _: url_for("bids.award", opportunity_id=opportunity.id),
        message="Every bidder has been told of the intention to award, with its debrief. "
                "The standstill has started.",
        show_errors=_award_errors, opportunity=opportunity, results=ranked)


def _award_errors(form: AwardForm, error: ValidationFailed) -> None:
    """Each error against its field; one about no field in particular, against the choice."""
    for name, message in error.errors.items():
        getattr(form, name, form.bid).errors.append(message)


def _standstill_page(opportunity, *, errors):
    if not permissions.can_decide_award(current_user, opportunity):
        raise PermissionDenied()
    return render_template("bids/standstill.html", opportunity=opportunity,
                           intention=opportunity.current_intention, errors=errors,
                           now=clock.now()), 400 if errors else 200


def _decide(opportunity_id, action, message, then=None):
    """Run one of the chair's decisions and go on to `then(opportunity)` (the intention's
    page by default). A refusal shows the standstill page with the error; with no intention
    standing any more (withdrawn in another tab), the bids received, with the message."""
    opportunity = opportunity_services.get_visible(opportunity_id, actor=current_user)
    if not permissions.can_decide_award(current_user, opportunity):
        raise PermissionDenied()
    errors = attempt(lambda: action(opportunity))
    if errors:
        db.session.expire_all()
        if opportunity.in_standstill:
            return _standstill_page(opportunity, errors=errors)
        flash_outcome(errors, "")
        return see_other("bids.received", opportunity_id=opportunity_id)
    flash_outcome(None, message)
    return see_other(then(opportunity) if then else url_for(
        "bids.award", opportunity_id=opportunity_id))


@bp.route("/award/<int:opportunity_id>/confirm", methods=["POST"])
@login_required
def confirm_award(opportunity_id):
    return _decide(opportunity_id, lambda o: awarding.confirm(o, actor=current_user),
                   "The contract is awarded and every bidder has been told.",
                   then=lambda o: url_for("contracts.detail", contract_id=o.contract.id))


@bp.route("/award/<int:opportunity_id>/withdraw", methods=["POST"])
@login_required
def withdraw_intention(opportunity_id):
    reason = request.form.get("reason", "")[:5000]
    return _decide(opportunity_id, lambda o: awarding.withdraw_intention(
        o, reason, actor=current_user), "The intention is withdrawn and every bidder told.")


@bp.route("/award/<int:opportunity_id>/challenges/<int:challenge_id>/answer", methods=["POST"])
@login_required
def answer_challenge(opportunity_id, challenge_id):
    answer = request.form.get("answer", "")[:5000]

    def answer_it(opportunity):
        challenge = awarding.get_challenge(opportunity, challenge_id, actor=current_user)
        try:
            awarding.answer_challenge(challenge, answer, actor=current_user)
        except ValidationFailed as error:
            raise ValidationFailed(next(iter(error.errors.values())),
                                   f"answer-{challenge_id}") from error

    return _decide(opportunity_id, answer_it, "Your answer is sent.")


@bp.route("/<reference>/challenge", methods=["POST"])
@login_required
def challenge(reference):
    bid = get_bid(reference, actor=current_user)
    if bid.organisation_id != current_user.organisation_id:
        raise NotFound()
    grounds = request.form.get("grounds", "")[:10000]
    errors = attempt(lambda: awarding.raise_challenge(
        bid, grounds, request.files.getlist("challenge_document"), actor=current_user))
    if errors:
        db.session.expire_all()
        return bid_page(get_bid(reference, actor=current_user), errors=errors, form=None,
                        challenge_grounds=grounds), 400
    flash_outcome(None, "Your challenge is sent. The contract cannot be awarded until it is "
                        "answered.")
    return see_other("bids.detail", reference=reference, _anchor="challenges")


@bp.route("/<reference>/challenges/<document>")
@login_required
def challenge_document(reference, document):
    bid = get_bid(reference, actor=current_user)
    found = awarding.challenge_document(bid, document, actor=current_user)
    return uploads.send_upload(found.stored_name, public=False, download_name=found.filename,
                               content_type=found.content_type)
