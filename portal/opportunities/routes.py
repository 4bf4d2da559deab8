"""Public pages: the list with filters, the detail page, and clarification questions."""

from flask import flash, render_template, request, url_for
from flask_login import current_user, login_required

from portal import permissions, reference, uploads
from portal.alerts import follows
from portal.errors import NotFound, PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.innovations.services import matching_innovations
from portal.models import OpportunityAttachment
from portal.opportunities import amendments, bp, queries, questions, services
from portal.opportunities.forms import AnswerForm, QuestionForm
from portal.views import apply_errors, safe_next, see_other


@bp.route("/")
def index():
    filters = queries.Filters.from_args(request.args)
    page = queries.search(filters)
    return render_template(
        "opportunities/index.html", page=page, filters=filters, sorts=filters.sorts,
        client_groups=reference.client_groups(), outcomes=reference.outcomes(),
        indicators=reference.indicators(), regions=reference.regions(),
        local_areas=reference.local_areas(), args=request.args,
    )


def _detail_page(opportunity, question_form, status=200):
    own_bid = None
    if permissions.is_provider(current_user):
        own_bid = queries.own_bid(opportunity.id, current_user.organisation_id)
    innovations = []
    if opportunity.status == "open":
        innovations = matching_innovations(
            client_groups=[g.code for g in opportunity.client_groups],
            outcomes=[o.code for o in opportunity.outcomes],
            indicators=[i.indicator_code for i in opportunity.indicators])
    amended = [(amendment, [amendments.compare(change) for change in amendment.changes])
               for amendment in reversed(opportunity.amendments)]
    return render_template("opportunities/detail.html", opportunity=opportunity,
                           question_form=question_form, own_bid=own_bid,
                           innovations=innovations, amendments=amended,
                           following=follows.is_following(current_user, opportunity)), status


@bp.route("/<int:opportunity_id>")
def detail(opportunity_id):
    opportunity = services.get_visible(opportunity_id, actor=current_user)
    return _detail_page(opportunity, QuestionForm())


@bp.route("/<int:opportunity_id>/questions", methods=["POST"])
@login_required
def ask(opportunity_id):
    opportunity = services.get_visible(opportunity_id, actor=current_user)
    if not permissions.is_provider(current_user):
        raise PermissionDenied()
    form = QuestionForm()
    if form.validate_on_submit():
        try:
            questions.ask(opportunity, form.question.data, actor=current_user)
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors(form, error)
        else:
            db.session.commit()
            flash("Your question has been sent. The answer will be published here and "
                  "emailed to you. You now follow this opportunity.", "success")
            return see_other("opportunities.detail", opportunity_id=opportunity.id)
    return _detail_page(opportunity, form, 400)


@bp.route("/<int:opportunity_id>/<any(follow, unfollow):action>", methods=["POST"])
@login_required
def follow(opportunity_id, action):
    """Follow (or stop following) one opportunity's amendments, answers, deadline and award."""
    opportunity = services.get_visible(opportunity_id, actor=current_user)
    if action == "follow":
        follows.follow(opportunity, actor=current_user)
        message = ("You follow this opportunity. We will email you about amendments, answers, "
                   "the deadline and the award.")
    else:
        follows.unfollow(opportunity, actor=current_user)
        message = f"You no longer follow “{opportunity.title}”."
    db.session.commit()
    flash(message, "success")
    default = url_for("opportunities.detail", opportunity_id=opportunity.id)
    return see_other(safe_next(request.form.get("next"), default))


@bp.route("/<int:opportunity_id>/questions")
@login_required
def questions_page(opportunity_id):
    opportunity = services.get_visible(opportunity_id, actor=current_user)
    if not permissions.can_answer_questions(current_user, opportunity):
        raise PermissionDenied()
    return render_template("opportunities/questions.html", opportunity=opportunity,
                           forms={q.id: AnswerForm(prefix=f"q{q.id}", answer=q.answer)
                                  for q in opportunity.questions})


@bp.route("/<int:opportunity_id>/questions/<int:question_id>/answer", methods=["POST"])
@login_required
def answer(opportunity_id, question_id):
    opportunity = services.get_visible(opportunity_id, actor=current_user)
    if not permissions.can_answer_questions(current_user, opportunity):
        raise PermissionDenied()
    question = questions.get_question(opportunity, question_id)
    form = AnswerForm(prefix=f"q{question.id}")
    if form.validate_on_submit():
        try:
            questions.answer(question, form.answer.data, actor=current_user)
        except ValidationFailed as error:
            db.session.rollback()
            apply_errors(form, error)
        else:
            db.session.commit()
            flash("Your answer is published.", "success")
            return see_other("opportunities.questions_page", opportunity_id=opportunity.id)
    forms = {q.id: AnswerForm(prefix=f"q{q.id}", answer=q.answer) for q in opportunity.questions}
    forms[question.id] = form
    return render_template("opportunities/questions.html", opportunity=opportunity,
                           forms=forms), 400


@bp.route("/<int:opportunity_id>/attachments/<int:attachment_id>")
def attachment(opportunity_id, attachment_id):
    """A published document (or a draft's, to its own body), by id only."""
    opportunity = services.get_visible(opportunity_id, actor=current_user)
    document = db.session.get(OpportunityAttachment, attachment_id)
    if document is None or document.opportunity_id != opportunity.id:
        raise NotFound()
    return uploads.send_upload(document.stored_name, public=opportunity.is_published,
                               download_name=document.filename,
                               content_type=document.content_type)
