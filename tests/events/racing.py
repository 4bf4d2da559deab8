"""A process that registers one person for an event at the same moment as the others (run
by tests/events/test_capacity.py in a process of its own: a module with no test in it, so
each new process imports only the portal)."""

from portal import create_app
from portal.events import registrations
from portal.extensions import db
from portal.models import Event, User

TEMPLATES = ("event_registered.txt", "event_registered.html", "event_waiting.txt",
             "event_waiting.html")


def register(url: str, index_dir: str, event_id: int, user_id: int, barrier, results) -> None:
    app = create_app({"PORTAL_ENV": "test", "SQLALCHEMY_DATABASE_URI": url,
                      "SEARCH_INDEX_DIR": index_dir})
    with app.app_context():
        event, person = db.session.get(Event, event_id), db.session.get(User, user_id)
        for name in TEMPLATES:  # compiled before the race, not while holding the lock
            app.jinja_env.get_template(f"emails/{name}")
        barrier.wait(timeout=120)  # everyone starts together
        registration = registrations.register(event, actor=person)
        db.session.commit()
        results.put(registration.status)
        db.engine.dispose()
