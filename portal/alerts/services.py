"""Saved alerts: save a search, tell its owner about new matches, stop with one click.

New items are matched when they are published, in the same transaction (see `matching`).
"Immediately" alerts queue one email per person and item however many of their alerts
matched; digest alerts leave a row in `alert_match` that `flask notify tick` gathers into
the person's next daily or weekly digest, each item once.
"""

from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime, time, timedelta

from flask import current_app, has_request_context, url_for
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, select

from portal import clock, permissions
from portal.alerts import matching
from portal.errors import NotFound, PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.models import (
    ALERT_FREQUENCIES,
    AlertCriterion,
    AlertMatch,
    LocalArea,
    OutboundEmail,
    SavedAlert,
    User,
)
from portal.notifications.events import notify
from portal.search import (
    FACET_TITLES,
    SearchKind,
    alert_words,
    facet_labels,
    get_kind,
    parse_args,
)
from portal.templating import money
from portal.urls import external_url

MAX_ALERTS = 50
NAME_LENGTH = 120
# Where an alert can be saved from: the search page's query string, read here, and the
# lists of areas above this one, each registered by its area (see `register_source`).
SOURCES: dict[str, Callable[["Watch", object], None]] = {}
# Facets an alert keeps. Open/closed is left out: new items are always open.
ALERT_FILTERS = ("kind", "client_group", "outcome", "indicator", "region", "local_area",
                 "evidence")
FILTER_TITLES = {**FACET_TITLES, "local_area": "Local area"}
DIGEST_HOUR = time(7, 0)  # UK time; weekly digests go on Mondays


# ---- What an alert watches -------------------------------------------------------------------

class Watch:
    """A search taken from the search page's or the opportunity list's query string."""

    def __init__(self, source: str, args):
        if source not in SOURCES:
            raise ValidationFailed("Save an alert from the search page or the opportunity list",
                                   "source")
        self.source = source
        self.notes: list[str] = []
        self.query = ""
        self.filters: dict[str, list[str]] = {}
        self.value_min = self.value_max = None
        SOURCES[source](self, args)
        self._check_codes()

    def words(self, text: str) -> None:
        """The words of the search (the search page's or the opportunity list's keywords)."""
        self.query = text.strip()
        if len(self.query) > 500:
            raise ValidationFailed("The search is too long to save: use 500 characters or fewer",
                                   "query")
        if alert_words(self.query) is None:
            raise ValidationFailed("The search has no words an alert could look for", "query")

    def _check_codes(self) -> None:
        labels = self.labels()
        for name, values in self.filters.items():
            unknown = [v for v in values if v not in labels[name]]
            if unknown:
                raise ValidationFailed(
                    f"{FILTER_TITLES[name]} “{unknown[0]}” is not one we know: go back to the "
                    "search and choose from its list", "filters")

    @staticmethod
    def labels() -> dict[str, dict[str, str]]:
        labels = facet_labels()
        labels["local_area"] = dict(db.session.execute(
            select(LocalArea.code, LocalArea.name)).all())
        return labels

    def default_name(self) -> str:
        labels = self.labels()
        parts = [self.query] if self.query else []
        for name, values in self.filters.items():
            parts.extend(labels[name].get(v, v) for v in values)
        name = ", ".join(parts) or "Everything new"
        return name if len(name) <= NAME_LENGTH else name[:NAME_LENGTH - 1] + "…"


def _from_search(watch: Watch, args) -> None:
    request = parse_args(args)
    watch.words(request.query)
    watch.filters = {name: values for name, values in request.filters.items()
                     if name in ALERT_FILTERS}
    if "status" in request.filters:
        watch.notes.append("Alerts tell you about new items as they are published, so "
                           "the “open or closed” filter is not part of the alert.")


def register_source(name: str, reader: Callable[[Watch, object], None]) -> None:
    """Let alerts be saved from another list: `reader(watch, args)` fills in the watch (its
    words, filters and notes) from that list's query string, or raises ValidationFailed."""
    SOURCES[name] = reader


register_source("search", _from_search)


def describe(alert: SavedAlert) -> list[tuple[str, str]]:
    """(heading, value) lines saying what an alert watches, for people to read."""
    labels = Watch.labels()
    lines = [("Words", alert.query)] if alert.query else []
    for name, values in (alert.filters or {}).items():
        lines.append((FILTER_TITLES.get(name, name),
                      ", ".join(labels.get(name, {}).get(v, v) for v in values)))
    if alert.value_min is not None or alert.value_max is not None:
        low = money(alert.value_min) if alert.value_min is not None else "any"
        high = money(alert.value_max) if alert.value_max is not None else "any"
        lines.append(("Contract value", f"{low} to {high}"))
    return lines or [("Watches", "Everything newly published")]


def search_url(alert: SavedAlert) -> str:
    """The search the alert was saved from, to run it again."""
    args = {name: values for name, values in (alert.filters or {}).items()}
    if alert.source == "opportunities":
        args.pop("kind", None)
        if alert.query:
            args["q"] = alert.query
        if alert.value_min is not None:
            args["value_min"] = alert.value_min
        if alert.value_max is not None:
            args["value_max"] = alert.value_max
        return url_for("opportunities.index", **args)
    if alert.query:
        args["q"] = alert.query
    return url_for("search.results", **args)


# ---- Saving, changing, stopping ------------------------------------------------------------

def _check(name: str, frequency: str) -> str:
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = "Enter a name for the alert"
    elif len(name) > NAME_LENGTH:
        errors["name"] = f"Name must be {NAME_LENGTH} characters or fewer"
    if frequency not in ALERT_FREQUENCIES:
        errors["frequency"] = "Choose how often you want email"
    if errors:
        raise ValidationFailed(errors)
    return name


def _criteria(watch: Watch) -> tuple[list[AlertCriterion], int, int]:
    rows = [AlertCriterion(field=name, value=value)
            for name, values in watch.filters.items() for value in dict.fromkeys(values)]
    words = sorted(alert_words(watch.query) or ())
    rows += [AlertCriterion(field="term", value=word[:100]) for word in words]
    return rows, len(watch.filters), len(words)


def create(watch: Watch, name: str, frequency: str, *, actor) -> SavedAlert:
    if not permissions.can_save_alert(actor):
        raise PermissionDenied()
    name = _check(name, frequency)
    owned = db.session.scalar(select(func.count()).where(SavedAlert.user_id == actor.id))
    if owned >= MAX_ALERTS:
        raise ValidationFailed(f"You already have {MAX_ALERTS} alerts: delete one you no "
                               "longer need first", "name")
    criteria, facet_fields, term_count = _criteria(watch)
    alert = SavedAlert(user_id=actor.id, name=name, frequency=frequency, source=watch.source,
                       query=watch.query, filters=watch.filters, value_min=watch.value_min,
                       value_max=watch.value_max, criteria=criteria,
                       facet_fields=facet_fields, term_count=term_count,
                       created_at=clock.now())
    db.session.add(alert)
    return alert


def get_own(alert_id: int, *, actor) -> SavedAlert:
    alert = db.session.get(SavedAlert, alert_id)
    if alert is None or not permissions.can_manage_alert(actor, alert):
        raise NotFound()  # someone else's alert does not exist, as far as you can tell
    return alert


def change(alert: SavedAlert, name: str, frequency: str, *, actor) -> None:
    if not permissions.can_manage_alert(actor, alert):
        raise PermissionDenied()
    alert.name = _check(name, frequency)
    if frequency != alert.frequency:
        # Items waiting for the old digest move to the new one (or go at the next tick).
        for match in _waiting(alert):
            match.frequency = frequency
        alert.frequency = frequency


def _waiting(alert: SavedAlert) -> list[AlertMatch]:
    return list(db.session.scalars(select(AlertMatch).where(
        AlertMatch.alert_id == alert.id, AlertMatch.sent_at.is_(None))))


def stop(alert: SavedAlert, *, actor) -> None:
    if not permissions.can_manage_alert(actor, alert):
        raise PermissionDenied()
    alert.unsubscribed_at = alert.unsubscribed_at or clock.now()


def resume(alert: SavedAlert, *, actor) -> None:
    if not permissions.can_manage_alert(actor, alert):
        raise PermissionDenied()
    alert.unsubscribed_at = None


def delete(alert: SavedAlert, *, actor) -> None:
    if not permissions.can_manage_alert(actor, alert):
        raise PermissionDenied()
    db.session.delete(alert)


def alerts_of(user) -> list[SavedAlert]:
    return list(db.session.scalars(select(SavedAlert).where(SavedAlert.user_id == user.id)
                                   .order_by(SavedAlert.created_at, SavedAlert.id)))


# ---- One-click unsubscribe -------------------------------------------------------------------

def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="alert-unsubscribe")


def unsubscribe_token(user_id: int, alert_ids: list[int]) -> str:
    """Signed, with no expiry: an old email's link still stops the mail."""
    return _serializer().dumps({"u": user_id, "a": sorted(alert_ids)})


def alerts_for_token(token: str) -> list[SavedAlert]:
    """The alerts a token names; NotFound when it is tampered with or names nothing left."""
    try:
        payload = _serializer().loads(token)
        user_id, alert_ids = int(payload["u"]), [int(a) for a in payload["a"]]
    except (BadSignature, KeyError, TypeError, ValueError) as error:
        raise NotFound() from error
    alerts = list(db.session.scalars(select(SavedAlert).where(
        SavedAlert.id.in_(alert_ids), SavedAlert.user_id == user_id).order_by(SavedAlert.id)))
    if not alerts:
        raise NotFound()
    return alerts


def unsubscribe(token: str) -> tuple[list[SavedAlert], bool]:
    """Stop the token's alerts; also say whether they had all been stopped already."""
    alerts = alerts_for_token(token)
    already = all(not alert.is_active for alert in alerts)
    now = clock.now()
    for alert in alerts:
        alert.unsubscribed_at = alert.unsubscribed_at or now
    return alerts, already


def undo_unsubscribe(token: str) -> list[SavedAlert]:
    alerts = alerts_for_token(token)
    for alert in alerts:
        alert.unsubscribed_at = None
    return alerts


def _unsubscribe_context(user: User, alerts: list[SavedAlert]) -> dict:
    url = external_url("alerts.unsubscribe",
                       token=unsubscribe_token(user.id, [a.id for a in alerts]))
    return {
        "unsubscribe_url": url,
        "manage_url": external_url("alerts.index"),
        "headers": {"List-Unsubscribe": f"<{url}>",
                    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    }


# ---- Matching new items ---------------------------------------------------------------------

def _dedupe_taken(key: str) -> bool:
    return db.session.scalar(select(OutboundEmail.id).where(OutboundEmail.dedupe_key == key)
                             ) is not None


def _item_url(kind: SearchKind, object_id: int) -> str:
    """The item's full URL, also from a command or a tick (outside any request)."""
    if has_request_context():
        path = kind.url(object_id)
    else:
        with current_app.test_request_context():
            path = kind.url(object_id)
    return current_app.config["PORTAL_BASE_URL"].rstrip("/") + path


def item_published(kind_name: str, obj) -> int:
    """Find the alerts a newly published item matches, record the matches, and email those
    who asked to hear at once. Returns how many alerts matched for the first time."""
    url = _item_url(get_kind(kind_name), obj.id)
    item = matching.describe(kind_name, obj, url)
    alerts = matching.matching_alerts(item)
    if not alerts:
        return 0
    seen = set(db.session.scalars(select(AlertMatch.alert_id).where(
        AlertMatch.kind == kind_name, AlertMatch.object_id == obj.id,
        AlertMatch.alert_id.in_([a.id for a in alerts]))))
    now = clock.now()
    at_once: dict[int, list[SavedAlert]] = OrderedDict()
    new = [alert for alert in alerts if alert.id not in seen]
    for alert in new:
        immediate = alert.frequency == "immediately"
        db.session.add(AlertMatch(alert_id=alert.id, user_id=alert.user_id,
                                  frequency=alert.frequency, kind=kind_name, object_id=obj.id,
                                  title=item.title[:300], url=url[:500], matched_at=now,
                                  sent_at=now if immediate else None))
        if immediate:
            at_once.setdefault(alert.user_id, []).append(alert)
    label = facet_labels()["kind"].get(kind_name, kind_name)
    for user_id, user_alerts in at_once.items():
        key = f"alert:{user_id}:{kind_name}:{obj.id}"
        if _dedupe_taken(key):
            continue  # this person already heard about this item through another alert
        user = db.session.get(User, user_id)
        context = _unsubscribe_context(user, user_alerts)
        notify(user, "alert_match", f"New in {label}: {item.title}"[:255], link=url,
               dedupe_key=key, headers=context.pop("headers"), item=item, kind_label=label,
               alerts=user_alerts, **context)
    return len(new)


# ---- Digests ---------------------------------------------------------------------------------

def latest_slot(frequency: str, now: datetime) -> datetime:
    """The most recent digest time at or before `now`: 07:00 UK each day, or each Monday."""
    local = now.astimezone(clock.UK)
    day = local.date()
    if frequency == "weekly":
        day -= timedelta(days=day.weekday())
    slot = clock.from_uk(day, DIGEST_HOUR)
    if slot > now:
        slot = clock.from_uk(day - timedelta(days=7 if frequency == "weekly" else 1),
                             DIGEST_HOUR)
    return slot


def digests_due(now: datetime) -> list[tuple[str, int, datetime]]:
    """(frequency, user id, slot) for everyone with matches waiting since before the slot."""
    due = []
    for frequency in ("daily", "weekly"):
        slot = latest_slot(frequency, now)
        users = db.session.scalars(
            select(AlertMatch.user_id).join(SavedAlert, SavedAlert.id == AlertMatch.alert_id)
            .where(AlertMatch.frequency == frequency, AlertMatch.sent_at.is_(None),
                   AlertMatch.matched_at < slot, SavedAlert.unsubscribed_at.is_(None))
            .distinct().order_by(AlertMatch.user_id))
        due.extend((frequency, user_id, slot) for user_id in users)
    return due


def digest_key(frequency: str, user_id: int, slot: datetime) -> str:
    return f"digest:{frequency}:{user_id}:{slot:%Y-%m-%d}"


def queue_digest(frequency: str, user_id: int, slot: datetime, *,
                 dedupe_key: str | None = None) -> bool:
    """Queue one person's digest for a slot: each waiting item once, with the alerts it
    matched. Items no longer public are dropped. False if there was nothing to send."""
    matches = list(db.session.scalars(
        select(AlertMatch).join(SavedAlert, SavedAlert.id == AlertMatch.alert_id)
        .where(AlertMatch.user_id == user_id, AlertMatch.frequency == frequency,
               AlertMatch.sent_at.is_(None), AlertMatch.matched_at < slot,
               SavedAlert.unsubscribed_at.is_(None))
        .order_by(AlertMatch.matched_at, AlertMatch.id)))
    now = clock.now()
    items: dict[tuple[str, int], dict] = OrderedDict()
    alerts: dict[int, SavedAlert] = OrderedDict()
    labels = facet_labels()["kind"]
    for match in matches:
        match.sent_at = now
        kind = get_kind(match.kind)
        obj = db.session.get(kind.model, match.object_id) if kind else None
        if obj is None or not kind.is_public(obj):
            continue
        entry = items.setdefault((match.kind, match.object_id), {
            "title": match.title, "url": match.url, "alerts": [],
            "kind_label": labels.get(match.kind, match.kind)})
        entry["alerts"].append(match.alert.name)
        alerts.setdefault(match.alert_id, match.alert)
    if not items:
        return False
    user = db.session.get(User, user_id)
    context = _unsubscribe_context(user, list(alerts.values()))
    count = len(items)
    word = "Daily" if frequency == "daily" else "Weekly"
    notify(user, "alert_digest",
           f"{word} alert digest: {count} new item{'s' if count != 1 else ''}",
           link=context["manage_url"],
           dedupe_key=dedupe_key or digest_key(frequency, user_id, slot),
           headers=context.pop("headers"), items=list(items.values()), alerts=list(
               alerts.values()), frequency=frequency, **context)
    return True
