"""Password rules and hashing (werkzeug's scrypt)."""

import functools

from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash


@functools.cache
def _common() -> frozenset[str]:
    """The 30,000 most common passwords from leaked lists, as shipped with zxcvbn: read when
    a password is first chosen, not by every process that starts (zxcvbn's lists are big)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def password_problem(password: str, *, email: str = "", name: str = "") -> str | None:
    """Say what is wrong with a new password, or None if it is acceptable."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(password) < minimum:
        return f"Password must be {minimum} characters or more"
    if len(password) > 200:
        return "Password must be 200 characters or fewer"
    lowered = password.lower()
    common = _common()
    if lowered in common or lowered.rstrip("0123456789!") in common:
        return "Password is too common. Choose one that other people are unlikely to use"
    local_part = email.split("@", 1)[0].lower()
    if local_part and len(local_part) >= 4 and local_part in lowered:
        return "Password must not contain your email address"
    if len(set(password)) < 4:
        return "Password must not repeat the same few characters"
    return None


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def password_matches(password_hash: str, password: str) -> bool:
    return check_password_hash(password_hash, password)


_DUMMY_HASHES: dict[str, str] = {}


def spend_the_same_time(password: str) -> None:
    """Check a password against a throwaway hash, so a sign-in with an unknown email address
    takes as long as one with a known address (no account discovery by timing)."""
    method = current_app.config["PASSWORD_HASH_METHOD"]
    if method not in _DUMMY_HASHES:
        _DUMMY_HASHES[method] = generate_password_hash("not-a-real-password", method=method)
    check_password_hash(_DUMMY_HASHES[method], password)
