"""Demonstration feedback on the first awarded contract: two pieces published (one answered
by the provider), one waiting in the moderation queue, one sent to the commissioner as a
safeguarding concern. Written through the services, so each is audited as real feedback is."""

from sqlalchemy import select

from portal.extensions import db
from portal.feedback import services
from portal.models import Contract, User
from portal.notifications.events import active_members
from portal.permissions import COMMAND_LINE

# (giver, worked, did not work, treated, ratings, decision, public words or None)
FEEDBACK = [
    ("advocate", "My client Dan Price got a flat of his own after two years of sofa surfing. "
     "His key worker Kate rang him every week.", "The first appointment was a long bus ride "
     "away.", "With respect. They spoke to him, not to me.",
     {"listened": 5, "respected": 5, "helped": 4, "recommend": 5}, "publish",
     ("The person I support got a flat of their own after two years of sofa surfing. Their "
      "key worker rang every week.", "The first appointment was a long bus ride away.",
      "With respect. They spoke to him, not to me.")),
    ("person", "Help with my benefits form.", "I waited three weeks to hear back.",
     "Fine, friendly on the phone.", {"listened": 4, "helped": 3}, "publish", None),
    ("family", "My son has somewhere to live near us now.", "Nobody told us when his worker "
     "changed.", "Kindly.", {"listened": 3, "respected": 4}, None, None),
    ("person", "", "A worker keeps asking me for money for the electric meter.", "Badly.",
     {}, "safeguarding", None),
]
REPLY = ("Thank you for telling us. We now offer first appointments at the Ancoats drop-in, "
         "ten minutes from the city centre.")


def load() -> None:
    contract = db.session.scalar(select(Contract).order_by(Contract.id))
    if contract is None:
        return
    admin = db.session.scalar(select(User).where(User.is_admin).order_by(User.id))
    replier = next(iter(active_members(contract.organisation_id)), None)
    for giver, worked, not_worked, treated, ratings, decision, public in FEEDBACK:
        feedback = services.give_feedback(contract, services.GivenFeedback(
            giver=giver, worked=worked, not_worked=not_worked, treated=treated,
            ratings=ratings), actor=COMMAND_LINE)
        if decision is None:
            continue
        words = public or (worked, not_worked, treated)
        services.moderate(feedback, decision, public=dict(zip(services.TEXTS, words,
                                                              strict=True)),
                          staff_note="", actor=admin)
        if public and replier is not None:
            services.reply(feedback, REPLY, actor=replier)
    db.session.flush()
