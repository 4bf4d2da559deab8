"""Clarification questions: asked by providers, answered by the commissioner, published
without the asker's name."""


from portal import audit, clock, permissions
from portal.alerts import follows
from portal.errors import NotFound, PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.models import ClarificationQuestion, Opportunity
from portal.notifications.events import active_members, notify
from portal.urls import external_url

MAX_LENGTH = 5000


def ask(opportunity: Opportunity, text: str, *, actor) -> ClarificationQuestion:
    """A provider asks a question before the question deadline."""
    if not permissions.can_ask_question(actor, opportunity):
        if permissions.is_provider(actor) and opportunity.status == "open":
            raise ValidationFailed("The deadline for questions has passed", "question")
        raise PermissionDenied()
    text = text.strip()
    if not text:
        raise ValidationFailed("Enter your question", "question")
    if len(text) > MAX_LENGTH:
        raise ValidationFailed(f"Question must be {MAX_LENGTH:,} characters or fewer", "question")
    question = ClarificationQuestion(opportunity=opportunity, asked_by_id=actor.id,
                                     organisation_id=actor.organisation_id, question=text,
                                     asked_at=clock.now())
    db.session.add(question)
    db.session.flush()
    audit.record("question.asked", question, actor=actor, opportunity=opportunity.id)
    if permissions.can_follow_opportunity(actor, opportunity):
        follows.follow(opportunity, actor=actor)  # the asker hears of answers and changes
    commissioners = active_members(opportunity.organisation_id)
    link = external_url("opportunities.questions_page", opportunity_id=opportunity.id)
    for member in commissioners:
        notify(member, "question_asked", f"New question on {opportunity.title}",
               opportunity=opportunity, link=link)
    return question


def get_question(opportunity: Opportunity, question_id: int) -> ClarificationQuestion:
    question = db.session.get(ClarificationQuestion, question_id)
    if question is None or question.opportunity_id != opportunity.id:
        raise NotFound()
    return question


def answer(question: ClarificationQuestion, text: str, *, actor) -> None:
    """Publish an answer (or correct one); the asker is emailed."""
    opportunity = question.opportunity
    if not permissions.can_answer_questions(actor, opportunity):
        raise PermissionDenied()
    text = text.strip()
    if not text:
        raise ValidationFailed("Enter your answer", "answer")
    if len(text) > MAX_LENGTH:
        raise ValidationFailed(f"Answer must be {MAX_LENGTH:,} characters or fewer", "answer")
    first_answer = question.answered_at is None
    question.answer = text
    question.answered_at = clock.now()
    question.answered_by_id = actor.id
    audit.record("question.answered", question, actor=actor, opportunity=opportunity.id)
    link = external_url("opportunities.detail", opportunity_id=opportunity.id,
                        _anchor=f"question-{question.id}")
    asker = question.asked_by
    done = "answered" if first_answer else "updated"
    notify(asker, "question_answered",
           f"{'Your question has been answered' if first_answer else 'An answer was updated'}: "
           f"{opportunity.title}", opportunity=opportunity, question=question, own=True,
           link=link)
    for follower in follows.followers(opportunity.id):
        if follower.id != asker.id:
            notify(follower, "question_answered", f"A question was {done}: {opportunity.title}",
                   opportunity=opportunity, question=question, own=False, link=link)


def unanswered_count(opportunity: Opportunity) -> int:
    return sum(1 for q in opportunity.questions if q.answered_at is None)
