"""Register, verify, sign in and out, reset a password, see your account."""

from flask import current_app, flash, render_template, request, session, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user, login_required, login_user, logout_user

from portal.auth import bp, services
from portal.auth.forms import EmailOnlyForm, RegisterForm, ResetPasswordForm, SignInForm
from portal.caching import keep_private
from portal.errors import ValidationFailed
from portal.extensions import db, limiter
from portal.forms import choice_list
from portal.views import safe_next, see_other, submit_form


# Sign-in and reset requests are limited three ways: per account from one address (tight),
# per address (generous: a council office behind one NAT address is many people) and per
# account from anywhere (guesses spread over many addresses).
def _account_and_address_limit() -> str:
    return current_app.config["SIGN_IN_RATE_LIMIT"]


def _address_limit() -> str:
    return current_app.config["SIGN_IN_ADDRESS_RATE_LIMIT"]


def _account_limit() -> str:
    return current_app.config["SIGN_IN_ACCOUNT_RATE_LIMIT"]


def _account_key() -> str:
    return "account:" + (request.form.get("email") or "").strip().lower()


def _account_and_address_key() -> str:
    return f"{_account_key()}@{get_remote_address()}"


def limit_sign_in(view):
    """The three limits on a view that takes an email address, counted on POST."""
    view = limiter.limit(_account_limit, methods=["POST"], key_func=_account_key)(view)
    view = limiter.limit(_address_limit, methods=["POST"])(view)
    return limiter.limit(_account_and_address_limit, methods=["POST"],
                         key_func=_account_and_address_key)(view)


@bp.route("/register", methods=["GET", "POST"])
def register():
    form = RegisterForm()
    organisations = services.organisations_for_registration()
    form.organisation_id.choices = choice_list(
        [(0, "My organisation is not registered yet")]
        + [(o.id, o.name) for o in organisations]
    )
    return submit_form(form, "auth/register.html",
                       lambda: services.register(_registration(form)), then=_check_your_email)


def _registration(form: RegisterForm) -> services.Registration:
    return services.Registration(
        name=form.name.data,
        email=form.email.data,
        password=form.password.data,
        organisation_choice="existing" if form.joins_existing else "new",
        organisation_id=form.organisation_id.data,
        organisation_name=form.organisation_name.data or "",
        kind=form.kind.data or "",
        charity_number=form.charity_number.data or "",
        company_number=form.company_number.data or "",
    )


def _check_your_email(email: str) -> str:
    """The next page shows the address just registered (kept in the session, not the URL)."""
    session["check_email"] = email
    return url_for("auth.check_email")


@bp.route("/register/check-your-email")
def check_email():
    keep_private()  # it shows the address just registered
    return render_template("auth/check_email.html", email=session.get("check_email"))


@bp.route("/verify-email/<token>")
def verify_email(token):
    try:
        services.verify_email(token)
    except ValidationFailed:
        return render_template("auth/link_invalid.html", resend=True), 400
    db.session.commit()
    flash("Your email address is confirmed. You can now sign in.", "success")
    return see_other("auth.sign_in")


@bp.route("/verify-email", methods=["GET", "POST"])
def resend_verification():
    form = EmailOnlyForm()
    if form.validate_on_submit():
        services.resend_verification(form.email.data)
        db.session.commit()
        return render_template("auth/check_email.html", email=form.email.data.strip().lower())
    status = 400 if form.is_submitted() else 200
    return render_template("auth/resend_verification.html", form=form), status


@bp.route("/sign-in", methods=["GET", "POST"])
@limit_sign_in
def sign_in():
    if current_user.is_authenticated:
        return see_other("main.dashboard")
    form = SignInForm()

    def signed_in(user) -> str:
        login_user(user, remember=form.remember.data)
        return safe_next(request.args.get("next"), url_for("main.dashboard"))

    return submit_form(form, "auth/sign_in.html",
                       lambda: services.authenticate(form.email.data, form.password.data),
                       then=signed_in)


@bp.route("/sign-out", methods=["POST"])
def sign_out():
    logout_user()
    flash("You have signed out.", "success")
    return see_other("main.index")


@bp.route("/forgot-password", methods=["GET", "POST"])
@limit_sign_in
def forgot_password():
    form = EmailOnlyForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        db.session.commit()
        return render_template("auth/check_email.html", email=form.email.data.strip().lower(),
                               reset=True)
    status = 400 if form.is_submitted() else 200
    return render_template("auth/forgot_password.html", form=form), status


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token):
    try:
        services.user_for_reset_token(token)
    except ValidationFailed:
        return render_template("auth/link_invalid.html", resend=False), 400
    form = ResetPasswordForm()
    return submit_form(form, "auth/reset_password.html",
                       lambda: services.reset_password(token, form.password.data),
                       then=_signed_out,
                       message="Your password has been changed. Sign in with your new password.")


def _signed_out(_) -> str:
    """A new password signs out whoever was signed in on this browser."""
    logout_user()
    return url_for("auth.sign_in")


@bp.route("/account")
@login_required
def account():
    return render_template("auth/account.html", user=current_user)
