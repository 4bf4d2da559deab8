"""Signed, expiring tokens for email links."""

import hashlib

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

from portal.models import User


def _serializer(salt: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=salt)


def _fingerprint(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:16]


def email_verification_token(user: User) -> str:
    return _serializer("verify-email").dumps({"user": user.id, "email": user.email})


def read_email_verification_token(token: str) -> dict | None:
    max_age = current_app.config["EMAIL_TOKEN_MAX_AGE"]
    try:
        return _serializer("verify-email").loads(token, max_age=max_age)
    except BadSignature:  # SignatureExpired is a BadSignature too
        return None


def password_reset_token(user: User) -> str:
    """Bound to the current password hash, so the link stops working once used."""
    return _serializer("reset-password").dumps(
        {"user": user.id, "pw": _fingerprint(user.password_hash)}
    )


def read_password_reset_token(token: str) -> dict | None:
    max_age = current_app.config["RESET_TOKEN_MAX_AGE"]
    try:
        return _serializer("reset-password").loads(token, max_age=max_age)
    except BadSignature:
        return None


def reset_token_still_valid(user: User, payload: dict) -> bool:
    return payload.get("pw") == _fingerprint(user.password_hash)
