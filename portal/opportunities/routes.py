"""Public pages: the list with filters, the detail page, and clarification questions."""

from flask import flash, render_template, request, url_for
from flask_login import current_user, login_required

from portal import clock, permissions, reference, uploads
from portal.alerts import follows
from portal.errors import NotFound, PermissionDenied
from portal.extensions import db
from portal.innovations.services import matching_innovations
from portal.models import OpportunityAttachment
from portal.opportunities import amendments, bp, downloads, queries, questions, services
from portal.opportunities.forms import AnswerForm, QuestionForm
from portal.views import csv_download, download_args, safe_next, see_other, submit_form


@bp.route("/")
def index():
    filters = queries.Filters.from_args(request.args)
    page = queries.search(filters)
    return render_template(
        "opportunities/index.html", page=page, filters=filters, sorts=filters.sorts,
        client_groups=reference.client_groups(), outcomes=reference.outcomes(),
        indicators=reference.indicators(), regions=reference.regions(),
        local_areas=reference.local_areas(), args=request.args,
        csv_url=url_for("opportunities.download", **download_args()),
    )


@bp.route("/download.csv")
def download():
    """Every opportunity the list shows with the same filters, as a spreadsheet."""
    matches = queries.every_match(queries.Filters.from_args(request.args))
    return csv_download(f"opportunities-{clock.uk_today().isoformat()}.csv", downloads.HEADER,
                        downloads.rows(matches))


def _detail_page(opportunity, question_form) -> str:
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
                           events=queries.market_engagement(opportunity.id),
                           following=follows.is_following(current_user, opportunity))


@bp.route("/<int:opportunity_id>")
def detail(opportunity_id):
    opportunity = services.get_visible(opportunity_id, actor=current_user)
    # Only a provider who may ask gets the form: building one gives the visitor a session
    # and a token, and the page could no longer be the same for everyone (portal/caching.py).
    may_ask = permissions.can_ask_question(current_user, opportunity)
    return _detail_page(opportunity, QuestionForm() if may_ask else None)


@bp.route("/<int:opportunity_id>/questions", methods=["POST"])
@login_required
def ask(opportunity_id):
    opportunity = services.get_visible(opportunity_id, actor=current_user)
    if not permissions.is_provider(current_user):
        raise PermissionDenied()
    form = QuestionForm()
    return submit_form(
        form, lambda: _detail_page(opportunity, form),
        lambda: questions.ask(opportunity, form.question.data, actor=current_user),
        then=url_for("opportunities.detail", opportunity_id=opportunity.id),
        message="Your question has been sent. The answer will be published here and "
                "emailed to you. You now follow this opportunity.")


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
    return _questions_page(opportunity)


@bp.route("/<int:opportunity_id>/questions/<int:question_id>/answer", methods=["POST"])
@login_required
def answer(opportunity_id, question_id):
    opportunity = services.get_visible(opportunity_id, actor=current_user)
    if not permissions.can_answer_questions(current_user, opportunity):
        raise PermissionDenied()
    question = questions.get_question(opportunity, question_id)
    form = AnswerForm(prefix=f"q{question.id}")
    return submit_form(
        form, lambda: _questions_page(opportunity, {question.id: form}),
        lambda: questions.answer(question, form.answer.data, actor=current_user),
        then=url_for("opportunities.questions_page", opportunity_id=opportunity.id),
        message="Your answer is published.")


def _questions_page(opportunity, posted: dict | None = None) -> str:
    """Each question with its answer form; `posted` ({question id: form}) keeps what was typed."""
    forms = {q.id: AnswerForm(prefix=f"q{q.id}", answer=q.answer) for q in opportunity.questions}
    return render_template("opportunities/questions.html", opportunity=opportunity,
                           forms={**forms, **(posted or {})})


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
