"""Accounts and organisations: registration, verification, sign-in, password reset, membership."""

from dataclasses import dataclass

from sqlalchemy import select

from portal import audit, clock, permissions
from portal.auth import passwords, tokens
from portal.errors import NotFound, PermissionDenied, ValidationFailed
from portal.extensions import db
from portal.models import ORGANISATION_KINDS, Organisation, OutboundEmail, User
from portal.notifications.events import notify
from portal.notifications.outbox import queue_email
from portal.urls import external_url


@dataclass
class Registration:
    name: str
    email: str
    password: str
    organisation_choice: str  # "existing" or "new"
    organisation_id: int | None = None
    organisation_name: str = ""
    kind: str = ""
    charity_number: str = ""
    company_number: str = ""


def _organisation_for(reg: Registration, *, create: bool) -> tuple[Organisation | None, str]:
    """The organisation the new user joins, and their membership in it. Without `create`, the
    choice is only checked (nothing is added)."""
    if reg.organisation_choice == "existing":
        organisation = db.session.get(Organisation, reg.organisation_id or 0)
        if organisation is None or organisation.status == "rejected":
            raise ValidationFailed("Select your organisation from the list", "organisation_id")
        return organisation, "pending"
    if reg.kind not in ORGANISATION_KINDS:
        raise ValidationFailed("Select the kind of organisation", "kind")
    if Organisation.by_name(reg.organisation_name):
        raise ValidationFailed(
            "An organisation with this name is already registered. Choose it from the list",
            "organisation_name",
        )
    if not create:
        return None, "active"
    organisation = Organisation(
        name=" ".join(reg.organisation_name.split()),
        name_key=Organisation.key_for(reg.organisation_name),
        kind=reg.kind,
        charity_number=reg.charity_number.strip() or None,
        company_number=reg.company_number.strip() or None,
        status="pending",
    )
    db.session.add(organisation)
    return organisation, "active"


def register(reg: Registration) -> str:
    """Create an account (and a new organisation if asked) and send the verification email.
    Returns the address to check.

    An address that already has an account gets the same answer, after the same checks and
    the same password hashing: nothing is created, and the owner is emailed that someone
    tried (GOV.UK's pattern), so the form never tells anyone which addresses have accounts.
    """
    email = reg.email.strip().lower()
    problem = passwords.password_problem(reg.password, email=email, name=reg.name)
    if problem:
        raise ValidationFailed(problem, "password")
    owner = User.by_email(email)
    organisation, membership = _organisation_for(reg, create=owner is None)
    password_hash = passwords.hash_password(reg.password)
    if owner is not None:
        _tell_owner_of_attempt(owner)
        return email
    user = User(
        email=email,
        name=reg.name.strip(),
        password_hash=password_hash,
        organisation=organisation,
        membership=membership,
    )
    db.session.add(user)
    db.session.flush()
    audit.record("user.registered", user, actor=user, organisation=organisation.name)
    if membership == "active":
        audit.record("organisation.created", organisation, actor=user, kind=organisation.kind)
    else:
        _ask_members_to_confirm(user, organisation)
    send_verification_email(user)
    return email


def _tell_owner_of_attempt(owner: User) -> None:
    """Email the owner of an address someone tried to register again: at most once an hour,
    so the form cannot be used to flood a mailbox."""
    hour = clock.now().strftime("%Y-%m-%dT%H")
    key = f"registration-attempt:{owner.id}:{hour}"
    if db.session.scalar(select(OutboundEmail.id).where(OutboundEmail.dedupe_key == key)):
        return
    audit.record("user.registration_attempted", owner, actor=None)
    queue_email(
        "registration_attempt",
        owner.email,
        "Someone tried to create an account with your email address",
        dedupe_key=key,
        user=owner,
        sign_in_link=external_url("auth.sign_in"),
        reset_link=external_url("auth.reset_password",
                                token=tokens.password_reset_token(owner)),
        forgot_link=external_url("auth.forgot_password"),
    )


def _ask_members_to_confirm(user: User, organisation: Organisation) -> None:
    for member in organisation.members:
        if member.membership == "active" and member.id != user.id:
            notify(
                member,
                "member_request",
                f"{user.name} asked to join {organisation.name}",
                requester=user,
                organisation=organisation,
                link=external_url("organisations.detail", organisation_id=organisation.id),
            )


def send_verification_email(user: User) -> None:
    """Queue the email with the signed link that proves the address belongs to the user."""
    token = tokens.email_verification_token(user)
    queue_email(
        "verify_email",
        user.email,
        "Confirm your email address",
        user=user,
        link=external_url("auth.verify_email", token=token),
    )


def verify_email(token: str) -> User:
    """Mark the address as verified; the same link used again just succeeds again."""
    payload = tokens.read_email_verification_token(token)
    user = db.session.get(User, payload["user"]) if payload else None
    if user is None or user.email != payload.get("email"):
        raise ValidationFailed("This link is not valid or has expired. Ask for a new one", "token")
    if user.email_verified_at is None:
        user.email_verified_at = clock.now()
        audit.record("user.email_verified", user, actor=user)
    return user


def resend_verification(email: str) -> None:
    """Send a fresh link if the account exists and is unverified; say nothing either way."""
    user = User.by_email(email)
    if user is not None and not user.email_verified:
        send_verification_email(user)


def authenticate(email: str, password: str) -> User:
    """The user with this email and password, if their address is verified."""
    user = User.by_email(email)
    if user is None:
        passwords.spend_the_same_time(password)  # unknown addresses take as long as known ones
        raise ValidationFailed("Enter a correct email address and password", "email")
    if not passwords.password_matches(user.password_hash, password):
        raise ValidationFailed("Enter a correct email address and password", "email")
    if not user.email_verified:
        raise ValidationFailed(
            "Confirm your email address first: follow the link we emailed you", "email"
        )
    user.last_signed_in_at = clock.now()
    return user


def request_password_reset(email: str) -> None:
    """Email a reset link if the account exists. The page says the same either way."""
    user = User.by_email(email)
    if user is None:
        return
    token = tokens.password_reset_token(user)
    queue_email(
        "reset_password",
        user.email,
        "Reset your password",
        user=user,
        link=external_url("auth.reset_password", token=token),
    )


def user_for_reset_token(token: str) -> User:
    payload = tokens.read_password_reset_token(token)
    user = db.session.get(User, payload["user"]) if payload else None
    if user is None or not tokens.reset_token_still_valid(user, payload):
        raise ValidationFailed(
            "This link is not valid, has expired or has been used. Ask for a new one", "token"
        )
    return user


def reset_password(token: str, new_password: str) -> User:
    """Set a new password from a reset link; the link then stops working."""
    user = user_for_reset_token(token)
    problem = passwords.password_problem(new_password, email=user.email, name=user.name)
    if problem:
        raise ValidationFailed(problem, "password")
    user.password_hash = passwords.hash_password(new_password)
    # Following the emailed link proves the address too.
    user.email_verified_at = user.email_verified_at or clock.now()
    audit.record("user.password_reset", user, actor=user)
    return user


def confirm_member(member: User, *, actor) -> None:
    """Confirm someone who asked to join an organisation."""
    if not permissions.can_confirm_member(actor, member):
        raise PermissionDenied()
    member.membership = "active"
    audit.record("organisation.member_confirmed", member.organisation, actor=actor,
                 member=member.email)
    notify(
        member,
        "member_confirmed",
        f"You are now a member of {member.organisation.name}",
        organisation=member.organisation,
        link=external_url("main.dashboard"),
    )


def decide_organisation(organisation: Organisation, decision: str, reason: str, *, actor) -> None:
    """Verify or reject a waiting organisation; every member hears of it."""
    if not permissions.can_verify_organisation(actor, organisation):
        raise PermissionDenied()
    if decision not in ("verified", "rejected"):
        raise ValidationFailed("Choose verify or reject", "decision")
    reason = reason.strip()
    if decision == "rejected" and not reason:
        raise ValidationFailed("Enter the reason for rejecting the organisation", "reason")
    organisation.status = decision
    organisation.status_reason = reason or None
    organisation.status_changed_at = clock.now()
    audit.record(f"organisation.{decision}", organisation, actor=actor, reason=reason)
    for member in organisation.members:
        notify(
            member,
            f"organisation_{decision}",
            f"{organisation.name} has been {'verified' if decision == 'verified' else 'rejected'}",
            organisation=organisation,
            reason=reason,
            link=external_url("organisations.detail", organisation_id=organisation.id),
        )


def get_organisation(organisation_id: int) -> Organisation:
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound()
    return organisation


def organisations_for_registration() -> list[Organisation]:
    """Organisations a new user may ask to join (not the rejected ones)."""
    return list(
        db.session.scalars(
            select(Organisation)
            .where(Organisation.status != "rejected")
            .order_by(Organisation.name)
        )
    )


def create_admin(email: str, name: str, password: str) -> User:
    """An admin account with a verified address (for `flask users create-admin`)."""
    email = email.strip().lower()
    if User.by_email(email):
        raise ValidationFailed("An account with this email address already exists", "email")
    problem = passwords.password_problem(password, email=email, name=name)
    if problem:
        raise ValidationFailed(problem, "password")
    user = User(
        email=email,
        name=name,
        password_hash=passwords.hash_password(password),
        is_admin=True,
        membership="active",
        email_verified_at=clock.now(),
    )
    db.session.add(user)
    db.session.flush()
    audit.record("user.admin_created", user, actor=None)
    return user
