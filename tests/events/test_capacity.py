"""The capacity holds when many register at once: twenty processes, each with its own
connection, race for five places on PostgreSQL. (SQLite runs one writer at a time, so its
race is a queue for the write lock; twenty cold processes on a busy machine can outwait its
five-second busy timeout, which says nothing about the rule.)"""

import multiprocessing

import pytest

from portal.extensions import db
from portal.models import Event, EventRegistration
from tests.events import racing
from tests.events.factories import published_event

RACERS = 20
PLACES = 5


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_twenty_processes_racing_for_five_places_leave_five_registered(app, make_user,
                                                                       tmp_path):
    event_id = published_event(capacity=PLACES).id
    people = [make_user("provider").id for _ in range(RACERS)]
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    db.session.remove()
    db.engine.dispose()  # no connection of ours is copied into the children
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(RACERS), context.Queue()
    processes = [context.Process(target=racing.register, args=(
        url, str(tmp_path / "index"), event_id, person, barrier, results)) for person in people]
    for process in processes:
        process.start()
    statuses = sorted(results.get(timeout=60) for _ in processes)
    for process in processes:
        process.join(timeout=60)
    assert [process.exitcode for process in processes] == [0] * RACERS
    assert statuses == ["registered"] * PLACES + ["waiting"] * (RACERS - PLACES)
    rows = db.session.query(EventRegistration.status).all()
    assert sorted(status for (status,) in rows) == statuses
    assert db.session.get(Event, event_id).places_taken == PLACES
