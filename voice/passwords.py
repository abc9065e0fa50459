"""Password hashing: one argon2id hasher for the whole app, so parameters change in one place.

Hashes carry their own parameters, so a stored hash made with older (weaker) settings still
verifies; `needs_rehash` tells the sign-in view to store a fresh hash while it has the password.
"""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# RFC 9106's second recommended profile (64 MiB, 3 passes): strong, yet fast enough on 2 cores.
_HASHER = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=4)

# A hash of a password nobody knows, checked when an email matches no account, so a missing
# account costs the same time as a wrong password and timing reveals nothing.
_DUMMY_HASH = _HASHER.hash("no account has this password - timing equaliser")


def hash_password(password: str) -> str:
    """Return an argon2id hash of the password, with salt and parameters embedded."""
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Return True if the password matches the hash; False for a mismatch or a malformed hash."""
    try:
        return _HASHER.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Return True if the hash was made with parameters other than the current ones."""
    try:
        return _HASHER.check_needs_rehash(password_hash)
    except (InvalidHashError, ValueError):
        return True


def burn_verification_time() -> None:
    """Spend the time one verification takes, for an unknown email (timing equaliser)."""
    verify_password(None, "x")
