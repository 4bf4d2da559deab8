"""The commissioning and innovation exchange portal."""

import base64
import functools
import hashlib
import importlib
import os
import threading
from collections.abc import Callable
from pathlib import Path

import click
from flask import Flask, current_app, request
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from markupsafe import Markup
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import Map

from config import CONFIGS, ProductionConfig, from_environment
from portal import caching, search, uploads
from portal.extensions import csrf, db, limiter, login_manager, mail, migrate, talisman
from portal.pagecache import PageCache
from portal.urls import IdConverter, PortalRequest, TextConverter

ROOT = Path(__file__).resolve().parent.parent

# GOV.UK Frontend's one inline script, run as the body opens. The policy allows it by its hash
# rather than a nonce, so a public page is the same bytes for every visitor and can be cached.
JS_ENABLED_SCRIPT = ("document.body.className += ' js-enabled' + ('noModule' in "
                     "HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');")
_JS_ENABLED_HASH = base64.b64encode(hashlib.sha256(JS_ENABLED_SCRIPT.encode()).digest()).decode()

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": f"'self' 'sha256-{_JS_ENABLED_HASH}'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "object-src": "'none'",
}


def _database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs given without a driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class PortalFlask(Flask):
    """A Flask app whose web layer (the views, their forms and what only they use) may wait
    until something first reads its URL map: a request, a link built for an email, `flask
    routes`. A command that needs none of these (`flask --help`, `flask notify tick` with
    nothing due) starts without importing them: cron runs two such commands a minute."""

    def __init__(self, *args, **kwargs) -> None:
        self._web_layer: Callable[[Flask], None] | None = None
        self._web_layer_lock = threading.RLock()
        self._web_layer_loading = False
        super().__init__(*args, **kwargs)

    def defer_web_layer(self, load: Callable[[Flask], None]) -> None:
        """Have `load(app)` called once, just before the URL map is first read."""
        self._web_layer = load

    def load_web_layer(self) -> None:
        """Load the deferred web layer now, if it is not loaded already."""
        # The threads of a threaded server wait here for the first one to finish; the one
        # loading reads the map itself as it adds the routes, and goes straight through.
        with self._web_layer_lock:
            if self._web_layer is None or self._web_layer_loading:
                return
            self._web_layer_loading = True
            try:
                self._web_layer(self)
                self._web_layer = None
            finally:
                self._web_layer_loading = False

    @property
    def url_map(self) -> Map:
        if self._web_layer is not None:
            self.load_web_layer()
        return self._url_map

    @url_map.setter
    def url_map(self, value: Map) -> None:
        self._url_map = value


def create_app(config: dict | None = None) -> Flask:
    """Build the app. `config` overrides settings (tests pass a dict with PORTAL_ENV='test')."""
    overrides = dict(config or {})
    env = overrides.pop("PORTAL_ENV", None) or os.environ.get("PORTAL_ENV", "development")
    app = PortalFlask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=str(ROOT / "instance"),
    )
    app.config.from_object(CONFIGS[env])
    if env != "test":  # tests set everything they need explicitly
        app.config.update(from_environment())
    app.config.update(overrides)
    if env == "production":
        ProductionConfig.check(app.config)
    app.config["SQLALCHEMY_DATABASE_URI"] = _database_url(app.config["SQLALCHEMY_DATABASE_URI"])
    os.makedirs(app.instance_path, exist_ok=True)
    if app.config["PAGE_CACHE"] and app.config["PUBLIC_CACHE_SECONDS"] > 0:
        # Inside ProxyFix: keyed by the public scheme and host it sets.
        app.wsgi_app = app.extensions["page_cache"] = PageCache(app.wsgi_app)
    _trust_proxies(app)
    # Before any route is added: an id too large for an id column, or a path segment with a
    # NUL character, is a 404 in every route; query strings and forms lose NUL characters.
    app.url_map.converters.update(int=IdConverter, default=TextConverter, string=TextConverter)
    app.request_class = PortalRequest

    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(ROOT / "templates")),
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    _init_extensions(app)
    _register_areas(app)
    _register_template_helpers(app)
    app.defer_web_layer(_register_blueprints)
    if click.get_current_context(silent=True) is None:
        # A web server or a test: the whole app now, so a broken view stops the start.
        app.load_web_layer()
    return app


def _trust_proxies(app: Flask) -> None:
    """Behind PROXY_FIX_HOPS proxies, the client's address, scheme, host and port are the ones
    those proxies forwarded (the last so many entries of each header); any more entries were
    written by the client and are ignored. Limits and API links follow them."""
    hops = app.config["PROXY_FIX_HOPS"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops,
                                x_port=hops)


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    login_manager.init_app(app)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = "Sign in to see this page."
    login_manager.login_message_category = "info"
    csrf.init_app(app)
    mail.init_app(app)
    limiter.init_app(app)
    talisman.init_app(
        app,
        force_https=app.config["FORCE_HTTPS"],
        strict_transport_security=app.config["FORCE_HTTPS"],
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        content_security_policy=CONTENT_SECURITY_POLICY,
        referrer_policy="strict-origin-when-cross-origin",
        frame_options="DENY",
    )
    search.init_app(app)
    caching.init_app(app)
    uploads.init_app(app)

    from sqlalchemy.orm import joinedload

    from portal.models import User

    with_organisation = [joinedload(User.organisation)]  # built once: 0.3 ms a request less

    @login_manager.user_loader
    def load_user(user_id: str):
        """The signed-in user with their organisation, in one query: every signed-in page
        reads the organisation (the user's role, the header's links)."""
        if not user_id.isdigit():
            return None
        return db.session.get(User, int(user_id), options=with_organisation)


# The web layer, imported by the app and by nothing else: importing a service loads its
# models and what it calls, never these.
VIEW_MODULES = (
    "portal.main.routes", "portal.auth.routes", "portal.organisations.routes",
    "portal.opportunities.routes", "portal.opportunities.editing", "portal.bids.routes",
    "portal.bids.panel_routes", "portal.bids.award_routes", "portal.feedback.routes",
    "portal.contracts.routes", "portal.directory.routes", "portal.admin.routes",
    "portal.innovations.routes", "portal.library.routes", "portal.guidance.routes",
    "portal.events.routes",
    "portal.areas.routes",
    "portal.search.routes", "portal.alerts.routes", "portal.notifications.routes",
    "portal.api.routes", "portal.api.areas", "portal.api.innovations", "portal.api.library",
    "portal.api.opportunities", "portal.api.organisations", "portal.api.search",
    "portal.api.contracts", "portal.api.ocds", "portal.api.guidance", "portal.api.openapi",
)
BLUEPRINTS = ("main", "auth", "organisations", "opportunities", "bids", "feedback", "contracts",
              "directory", "admin", "innovations", "library", "guidance", "events", "areas",
              "search", "alerts", "notifications", "api")


def _register_areas(app: Flask) -> None:
    """What every use of the app needs, commands included: each area's registrations (what
    it makes searchable, what saved alerts watch), the error pages and the commands."""
    from portal import cli
    from portal.errors import register_error_handlers

    for name in BLUEPRINTS:
        importlib.import_module(f"portal.{name}")
    register_error_handlers(app)
    cli.register(app)
    app.teardown_request(_close_uploaded_files)


def _register_blueprints(app: Flask) -> None:
    """The web layer: every view, on its blueprint."""
    for name in VIEW_MODULES:
        importlib.import_module(name)
    for name in BLUEPRINTS:
        app.register_blueprint(importlib.import_module(f"portal.{name}").bp)
    csrf.exempt(importlib.import_module("portal.api").bp)  # read-only JSON
    app.register_blueprint(importlib.import_module("portal.api.openapi").pages)
    _limit_blueprints()


# One limit per client address over each blueprint's routes together, read from configuration.
LIMITED_BLUEPRINTS = {"api": "API_RATE_LIMIT", "search": "SEARCH_RATE_LIMIT"}


def _not_limited() -> bool:
    """Load balancers ask for health every few seconds from one address."""
    return request.endpoint == "api.health"


@functools.cache  # the limiter is one per process; every app shares its limits
def _limit_blueprints() -> None:
    for name, setting in LIMITED_BLUEPRINTS.items():
        blueprint = importlib.import_module(f"portal.{name}").bp
        limit = functools.partial(_configured, setting)
        limiter.shared_limit(limit, scope=name, exempt_when=_not_limited)(blueprint)


def _configured(setting: str) -> str:
    return current_app.config[setting]


def _close_uploaded_files(exception=None) -> None:
    """Werkzeug spools large uploads to temporary files: close them when the request ends."""
    from flask import request

    for storage in request.__dict__.get("files", {}).values():
        storage.close()


def _register_template_helpers(app: Flask) -> None:
    from portal import markdown, permissions
    from portal.guidance.links import guidance_link
    from portal.reference import indicator_slug, indicator_title
    from portal.templating import (
        chart_marker,
        closes_in,
        duration,
        money,
        navigation,
        options,
        page_href,
        page_numbers,
        pct,
        pct_value,
        plain_number,
        uk_time,
    )

    app.jinja_env.globals.update(permissions=permissions, navigation=navigation, options=options,
                                 indicator_slug=indicator_slug, indicator_title=indicator_title,
                                 page_href=page_href, page_numbers=page_numbers,
                                 js_enabled_script=Markup(JS_ENABLED_SCRIPT),
                                 chart_marker=chart_marker, guidance_link=guidance_link)

    @app.context_processor
    def _unread_notifications():
        from flask_login import current_user

        from portal.notifications.events import unread_count

        if not getattr(current_user, "is_authenticated", False):
            return {"unread_notifications": 0}
        return {"unread_notifications": unread_count(current_user)}

    app.jinja_env.filters.update(uk_time=uk_time, markdown=markdown.render,
                                 markdown_inline=markdown.render_inline, money=money,
                                 closes_in=closes_in, plain_number=plain_number, pct=pct,
                                 pct_value=pct_value,
                                 duration=duration)
