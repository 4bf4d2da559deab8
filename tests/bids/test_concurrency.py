"""Bids under concurrency, on a real PostgreSQL server with real threads: nothing lost,
nothing twice, one consistent state."""

import threading

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from portal import create_app
from portal.bids import services
from portal.extensions import db
from portal.models import Bid, BidVersion, Organisation, User
from tests.bids.helpers import complete_input
from tests.factories import complete_draft
from tests.support import create_pg_database, drop_pg_database, free_port


@pytest.fixture
def pg_app(tmp_path):
    """A PostgreSQL-backed app of its own: these races are PostgreSQL's to win or lose."""
    url = create_pg_database()
    app = create_app({"PORTAL_ENV": "test", "SQLALCHEMY_DATABASE_URI": url,
                      "SEARCH_INDEX_DIR": str(tmp_path / "ix"), "MAIL_PORT": free_port(),
                      "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 20, "max_overflow": 40}})
    with app.app_context():
        upgrade()
        yield app
        db.session.remove()
        db.engine.dispose()
    drop_pg_database(url)


def _provider(n: int, organisation=None) -> User:
    if organisation is None:
        organisation = Organisation(name=f"Charity {n}", name_key=f"charity {n}",
                                    kind="charity", status="verified")
    user = User(email=f"p{n}@example.org", name=f"P {n}", password_hash="x",
                organisation=organisation, membership="active")
    db.session.add(user)
    return user


def _opportunity():
    owner_org = Organisation(name="Council", name_key="council", kind="local-authority",
                             status="verified")
    owner = User(email="c@example.org", name="C", password_hash="x", organisation=owner_org,
                 membership="active")
    db.session.add(owner)
    db.session.flush()
    from datetime import timedelta

    from portal import clock

    return complete_draft(owner_org, owner, published_at=clock.now() - timedelta(days=1))


def _run_together(app, jobs):
    """Run each job in its own thread and app context, released at the same moment."""
    barrier = threading.Barrier(len(jobs))
    outcomes = [None] * len(jobs)

    def run(index, job):
        with app.app_context():
            barrier.wait()
            try:
                job()
                db.session.commit()
                outcomes[index] = "ok"
            except Exception as error:  # recorded and asserted on by the test
                db.session.rollback()
                outcomes[index] = type(error).__name__
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def test_fifty_organisations_submit_at_the_same_moment(pg_app):
    opportunity = _opportunity()
    providers = [_provider(n) for n in range(50)]
    db.session.commit()
    opportunity_id, provider_ids = opportunity.id, [p.id for p in providers]

    def submitter(provider_id):
        def job():
            provider = db.session.get(User, provider_id)
            found = db.session.get(type(opportunity), opportunity_id)
            bid = services.start_bid(found, actor=provider)
            db.session.flush()
            services.submit(bid, complete_input(found), revision=bid.revision, actor=provider)
        return job

    outcomes = _run_together(pg_app, [submitter(pid) for pid in provider_ids])
    assert outcomes == ["ok"] * 50
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Bid).where(
        Bid.status == "submitted")) == 50
    per_bid = db.session.execute(select(BidVersion.bid_id, func.count())
                                 .group_by(BidVersion.bid_id)).all()
    assert len(per_bid) == 50 and all(count == 1 for _, count in per_bid)


def test_a_double_click_on_submit_makes_one_submission(pg_app):
    opportunity = _opportunity()
    provider = _provider(1)
    db.session.commit()
    bid = services.start_bid(opportunity, actor=provider)
    db.session.commit()
    bid_id, revision, provider_id = bid.id, bid.revision, provider.id

    def click():
        found = db.session.get(Bid, bid_id)
        services.submit(found, complete_input(found.opportunity), revision=revision,
                        actor=db.session.get(User, provider_id))

    outcomes = _run_together(pg_app, [click, click])
    assert sorted(outcomes) == ["ConcurrentChange", "ok"]
    assert db.session.scalar(select(func.count()).where(BidVersion.bid_id == bid_id)) == 1


def test_a_concurrent_amend_and_withdraw_leave_one_consistent_state(pg_app):
    opportunity = _opportunity()
    provider = _provider(1)
    colleague = _provider(2, organisation=provider.organisation)
    db.session.commit()
    bid = services.start_bid(opportunity, actor=provider)
    db.session.flush()
    services.submit(bid, complete_input(opportunity), revision=bid.revision, actor=provider)
    db.session.commit()
    bid_id, revision = bid.id, bid.revision

    def amend():
        found = db.session.get(Bid, bid_id)
        services.submit(found, complete_input(found.opportunity, price="150000"),
                        revision=revision, actor=db.session.get(User, provider.id))

    def withdraw():
        services.withdraw(db.session.get(Bid, bid_id), revision=revision,
                          actor=db.session.get(User, colleague.id))

    outcomes = _run_together(pg_app, [amend, withdraw])
    assert sorted(outcomes) == ["ConcurrentChange", "ok"]
    db.session.expire_all()
    final = db.session.get(Bid, bid_id)
    if outcomes[0] == "ok":  # the amendment won
        assert (final.status, len(final.versions)) == ("submitted", 2)
    else:
        assert (final.status, len(final.versions)) == ("withdrawn", 1)
    assert final.revision == revision + 1
