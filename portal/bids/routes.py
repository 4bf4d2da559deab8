"""Providers write and submit bids; commissioners read, score and award after closing."""

from flask import flash, render_template, request
from flask_login import current_user, login_required

from portal import permissions, uploads
from portal.bids import bp, evaluation, moderation, queries, services
from portal.bids.award import debrief
from portal.bids.forms import ScoreNotes, read_bid_form, read_revision, read_scores
from portal.errors import NotFound, PermissionDenied
from portal.extensions import db
from portal.innovations.services import matching_innovations
from portal.library.services import entries_on_indicators
from portal.models import SCORE_LABELS
from portal.opportunities import services as opportunity_services
from portal.opportunities.forms import AttachmentForm
from portal.views import attempt, flash_outcome, see_other


@bp.route("/")
@login_required
def index():
    if not permissions.is_provider(current_user):
        raise PermissionDenied()
    return render_template("bids/index.html", bids=queries.bids_of(current_user.organisation_id))


@bp.route("/start/<int:opportunity_id>", methods=["POST"])
@login_required
def start(opportunity_id):
    opportunity = opportunity_services.get_visible(opportunity_id, actor=current_user)
    bid = services.start_bid(opportunity, actor=current_user)
    db.session.commit()
    return see_other("bids.detail", reference=bid.reference)


def _own_bid(reference):
    bid = services.get_bid(reference, actor=current_user)
    if bid.organisation_id != current_user.organisation_id:
        raise NotFound()  # commissioners read bids through the evaluation pages
    return bid


@bp.route("/<reference>", methods=["GET", "POST"])
@login_required
def detail(reference):
    bid = _own_bid(reference)
    if request.method == "GET":
        return bid_page(bid, errors={}, form=None)
    data, revision, errors = read_bid_form(bid.opportunity, request.form)
    if not errors:
        errors = attempt(lambda: services.save_draft(bid, data, revision=revision,
                                                     actor=current_user)) or {}
    if errors:
        db.session.expire_all()
        return bid_page(services.get_bid(reference, actor=current_user), errors=errors,
                         form=request.form), 400
    if request.form.get("action") == "check":
        return see_other("bids.check", reference=reference)
    flash("Your draft is saved. It is not submitted yet.", "success")
    return see_other("bids.detail", reference=reference)


@bp.route("/<reference>/check", methods=["GET", "POST"])
@login_required
def check(reference):
    """Check your answers, then submit: the working copy as saved, at the revision shown."""
    bid = _own_bid(reference)
    if request.method == "GET":
        if not permissions.can_edit_bid(current_user, bid):
            return see_other("bids.detail", reference=reference)  # closed: nothing to submit
        return _check_page(bid, errors={})
    revision = read_revision(request.form)  # 0 for anything no bid could have
    errors = {"revision": "Reload the page and try again"} if not revision else attempt(
        lambda: services.submit(bid, None, revision=revision, actor=current_user))
    if errors:
        db.session.rollback()
        db.session.expire_all()
        return _check_page(services.get_bid(reference, actor=current_user), errors=errors), 400
    flash("Your bid is submitted. We have emailed a receipt.", "success")
    return see_other("bids.detail", reference=reference)


def _check_page(bid, *, errors):
    problems = services.submission_problems(bid)
    return render_template("bids/check.html", bid=bid, problems=problems,
                           errors=errors or problems, word_count=services.word_count)


def bid_page(bid, *, errors, form, challenge_grounds: str = ""):
    """The bid form, with the debrief once an intention to award is notified (and, after a
    refused challenge, the grounds as typed)."""
    result = None
    if permissions.can_see_own_evaluation(current_user, bid):
        result = evaluation.own_result(bid, actor=current_user)
    opportunity = bid.opportunity
    candidates = matching_innovations(
        client_groups=[g.code for g in opportunity.client_groups],
        outcomes=[o.code for o in opportunity.outcomes],
        indicators=[i.indicator_code for i in opportunity.indicators], limit=10)
    cited = [e.innovation for e in bid.evidence if e.innovation_id]
    candidates = cited + [i for i in candidates if i not in cited]
    cited_entries = [e.library_entry for e in bid.evidence if e.library_entry_id]
    entries = cited_entries + [e for e in entries_on_indicators(
        [t.indicator_code for t in opportunity.indicators]) if e not in cited_entries]
    return render_template("bids/detail.html", bid=bid, errors=errors, form=form,
                           problems=services.submission_problems(bid), result=result,
                           undelivered=services.undelivered_receipts(bid),
                           labels=SCORE_LABELS, word_count=services.word_count,
                           answer_max_characters=services.ANSWER_MAX_CHARACTERS,
                           candidates=candidates, entries=entries,
                           attachment_form=AttachmentForm(),
                           brief=debrief(bid, actor=current_user),
                           challenge_grounds=challenge_grounds)


@bp.route("/<reference>/attachments", methods=["POST"])
@login_required
def add_attachment(reference):
    bid = _own_bid(reference)
    form = AttachmentForm()
    errors = {}
    if form.validate_on_submit():
        errors = attempt(lambda: services.add_attachment(
            bid, form.document.data, revision=read_revision(request.form),
            actor=current_user)) or {}
    else:
        errors = {"document": form.document.errors[0] if form.document.errors
                  else "Choose a file to upload"}
    if errors:
        db.session.expire_all()
        return bid_page(bid, errors=errors, form=None), 400
    flash("Document added to your bid. Submit the bid to include it.", "success")
    return see_other("bids.detail", reference=reference)


@bp.route("/<reference>/attachments/<document>/remove", methods=["POST"])
@login_required
def remove_attachment(reference, document):
    bid = _own_bid(reference)
    errors = attempt(lambda: services.remove_attachment(
        bid, document, revision=read_revision(request.form), actor=current_user))
    flash_outcome(errors, "Document removed from your bid.")
    return see_other("bids.detail", reference=reference)


@bp.route("/<reference>/attachments/<document>")
@login_required
def attachment(reference, document):
    bid = services.get_bid(reference, actor=current_user)
    document = services.readable_attachment(bid, document, actor=current_user)
    return uploads.send_upload(document.stored_name, public=False,
                               download_name=document.filename,
                               content_type=document.content_type)


@bp.route("/<reference>/receipts/send-again", methods=["POST"])
@login_required
def send_receipts_again(reference):
    bid = _own_bid(reference)
    sent = services.send_receipts_again(bid, actor=current_user)
    db.session.commit()
    flash("We will send the receipt again." if sent else "Every receipt has been delivered.",
          "success")
    return see_other("bids.detail", reference=reference)


@bp.route("/<reference>/withdraw", methods=["POST"])
@login_required
def withdraw(reference):
    bid = _own_bid(reference)
    errors = attempt(lambda: services.withdraw(bid, revision=read_revision(request.form),
                                               actor=current_user))
    flash_outcome(errors, "Your bid is withdrawn. You can submit it again until the deadline.")
    return see_other("bids.detail", reference=reference)


# ---- After the deadline: the commissioner's side ----------------------------------------------

@bp.route("/received/<int:opportunity_id>")
@login_required
def received(opportunity_id):
    opportunity = opportunity_services.get_visible(opportunity_id, actor=current_user)
    if permissions.must_declare_conflicts(current_user, opportunity):
        return see_other("bids.declare_conflicts", opportunity_id=opportunity_id)
    bids = evaluation.bids_received(opportunity, actor=current_user)
    return render_template("bids/received.html", opportunity=opportunity,
                           results=evaluation.results(opportunity, bids))


@bp.route("/received/<int:opportunity_id>/<reference>", methods=["GET", "POST"])
@login_required
def evaluate(opportunity_id, reference):
    opportunity = opportunity_services.get_visible(opportunity_id, actor=current_user)
    bid = evaluation.get_received_bid(opportunity, reference, actor=current_user)
    notes = ScoreNotes(data={"feedback": bid.feedback})
    errors = {}
    if request.method == "POST":
        if not permissions.can_evaluate(current_user, opportunity):
            raise PermissionDenied()
        notes = ScoreNotes()
        scores, errors = read_scores(opportunity, request.form)
        if not notes.validate_on_submit():
            errors.update({name: messages[0] for name, messages in notes.errors.items()})
        if not errors:
            errors = attempt(lambda: _save_scores(bid, scores, notes.feedback.data or "")) or {}
        if not errors:
            flash("Your scores are submitted." if opportunity.panel else
                  "Scores saved. You can revise them until you award.", "success")
            return see_other("bids.received", opportunity_id=opportunity.id)
        db.session.expire_all()
    else:
        evaluation.record_opening(bid, actor=current_user)
        db.session.commit()
    return render_template("bids/evaluate.html", opportunity=opportunity, bid=bid,
                           notes=notes, errors=errors, labels=SCORE_LABELS,
                           evidence=evaluation.submitted_evidence(bid),
                           posted=request.form if errors else None,
                           scores=_scores_shown(bid), panel_scores=_panel_scores(bid),
                           can_score=moderation.may_still_score(bid, current_user),
                           ), 400 if errors else 200


def _save_scores(bid, scores, feedback):
    """A panel member submits their own scores; with no panel, they are the consensus."""
    if bid.opportunity.panel:
        return moderation.submit_own_scores(bid, scores, actor=current_user)
    return evaluation.save_scores(bid, scores, feedback, actor=current_user)


def _scores_shown(bid):
    """The scores in the form: a panel member's own, or (with no panel) the consensus."""
    if bid.opportunity.panel:
        return moderation.own_scores(bid, current_user)
    return {s.criterion_id: s for s in bid.scores}


def _panel_scores(bid):
    """Everyone's scores, once this evaluator has submitted theirs (None until then)."""
    if moderation.may_see_panel_scores(bid, current_user):
        return moderation.spread(bid, actor=current_user)
    return None
