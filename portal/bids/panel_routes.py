"""The evaluation panel's pages: forming it, accepting an invitation, declaring conflicts,
moderating a bid's scores, and the evaluation matrix."""

from flask import render_template, request
from flask_login import current_user, login_required

from portal import permissions
from portal.bids import bp, evaluation, moderation, panel
from portal.bids.forms import ScoreNotes, read_scores
from portal.errors import PermissionDenied
from portal.extensions import db
from portal.models import SCORE_LABELS
from portal.opportunities import services as opportunity_services
from portal.views import attempt, csv_download, flash_outcome, see_other


@bp.route("/panel/<int:opportunity_id>", methods=["GET", "POST"], endpoint="panel")
@login_required
def panel_page(opportunity_id):
    opportunity = opportunity_services.get_visible(opportunity_id, actor=current_user)
    if not permissions.can_view_panel(current_user, opportunity):
        raise PermissionDenied()
    errors = {}
    if request.method == "POST":
        email = request.form.get("email", "")[:254]
        errors = attempt(lambda: panel.add_member(opportunity, email, actor=current_user))
        if not errors:
            flash_outcome(None, f"{email.strip()} is on the panel, or has been invited to it.")
            return see_other("bids.panel", opportunity_id=opportunity_id)
        db.session.expire_all()
    return render_template("bids/panel.html", opportunity=opportunity, errors=errors or {},
                           email=request.form.get("email", "")), 400 if errors else 200


@bp.route("/panel/<int:opportunity_id>/<int:member_id>/<any(chair, remove):action>",
          methods=["POST"])
@login_required
def panel_member(opportunity_id, member_id, action):
    opportunity = opportunity_services.get_visible(opportunity_id, actor=current_user)
    member = panel.get_member(opportunity, member_id, actor=current_user)
    change = panel.make_chair if action == "chair" else panel.remove_member
    errors = attempt(lambda: change(member, actor=current_user))
    flash_outcome(errors, "The panel is changed.")
    return see_other("bids.panel", opportunity_id=opportunity_id)


@bp.route("/panel/accept/<token>", methods=["GET", "POST"])
@login_required
def accept_invitation(token):
    member = panel.invitation(token)
    errors = {}
    if request.method == "POST":
        errors = attempt(lambda: panel.accept_invitation(member, actor=current_user))
        if not errors:
            flash_outcome(None, "You are on the evaluation panel.")
            return see_other("bids.panel", opportunity_id=member.opportunity_id)
    return render_template("bids/accept_invitation.html", member=member,
                           errors=errors or {}), 400 if errors else 200


@bp.route("/received/<int:opportunity_id>/conflicts", methods=["GET", "POST"])
@login_required
def declare_conflicts(opportunity_id):
    opportunity = opportunity_services.get_visible(opportunity_id, actor=current_user)
    bids = panel.bidders_to_declare(opportunity, actor=current_user)
    errors = {}
    if request.method == "POST":
        chosen = {ref: request.form.get(f"reason-{ref}", "")[:2000]
                  for ref in request.form.getlist("conflict")}
        errors = attempt(lambda: panel.declare_conflicts(opportunity, chosen,
                                                         actor=current_user))
        if not errors:
            flash_outcome(None, "Your declaration is recorded.")
            return see_other("bids.received", opportunity_id=opportunity_id)
    return render_template("bids/conflicts.html", opportunity=opportunity, bids=bids,
                           errors=errors or {}, posted=request.form), 400 if errors else 200


@bp.route("/received/<int:opportunity_id>/<reference>/moderate", methods=["GET", "POST"])
@login_required
def moderate(opportunity_id, reference):
    opportunity = opportunity_services.get_visible(opportunity_id, actor=current_user)
    bid = evaluation.get_received_bid(opportunity, reference, actor=current_user)
    if not (permissions.can_moderate(current_user, opportunity) and opportunity.panel):
        raise PermissionDenied()
    notes, errors = ScoreNotes(data={"feedback": bid.feedback}), {}
    if request.method == "POST":
        notes = ScoreNotes()
        scores, errors = read_scores(opportunity, request.form)
        if not notes.validate_on_submit():
            errors.update({name: messages[0] for name, messages in notes.errors.items()})
        errors = errors or attempt(lambda: evaluation.save_scores(
            bid, scores, notes.feedback.data or "", actor=current_user)) or {}
        if not errors:
            flash_outcome(None, "Consensus scores saved. They rank the bids.")
            return see_other("bids.received", opportunity_id=opportunity_id)
        db.session.expire_all()
    spreads = (moderation.spread(bid, actor=current_user)
               if moderation.may_see_panel_scores(bid, current_user) else None)
    return render_template("bids/moderate.html", opportunity=opportunity, bid=bid,
                           spreads=spreads, waiting=panel.waiting_for(bid), labels=SCORE_LABELS,
                           notes=notes, errors=errors, posted=request.form if errors else None,
                           ), 400 if errors else 200


@bp.route("/received/<int:opportunity_id>/matrix.csv")
@login_required
def matrix(opportunity_id):
    opportunity = opportunity_services.get_visible(opportunity_id, actor=current_user)
    rows = moderation.matrix(opportunity, actor=current_user)
    return csv_download(f"evaluation-matrix-{opportunity.id}.csv", moderation.MATRIX_HEADER,
                        rows)
