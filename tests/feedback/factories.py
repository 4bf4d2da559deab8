"""Feedback given and moderated through the services, as the pages would."""

from flask_login import AnonymousUserMixin

from portal.extensions import db
from portal.feedback import services

NOBODY = AnonymousUserMixin()


def given(contract, **values):
    """Feedback from someone without an account, waiting for moderation (committed)."""
    fields = {"giver": "person", "worked": "My worker Sam Jones at 12 Low Street helped me.",
              "treated": "Kindly.", **values}
    feedback = services.give_feedback(contract, services.GivenFeedback(**fields), actor=NOBODY)
    db.session.commit()
    return feedback


def published(contract, admin, words="My worker helped me.", **values):
    """Feedback published by staff with `words` as its public text (committed)."""
    feedback = given(contract, **values)
    services.moderate(feedback, "publish", public={"worked": words}, staff_note="",
                      actor=admin)
    db.session.commit()
    return feedback
