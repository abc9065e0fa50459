"""Encryption at rest for raw text: MultiFernet under DATA_KEY.

DATA_KEY is a comma-separated list of Fernet keys: the first encrypts, all decrypt, so a
key can be rotated in without making old ciphertext unreadable.
"""

from cryptography.fernet import Fernet, MultiFernet
from flask import current_app


def fernet_from(data_key: str) -> MultiFernet:
    """A MultiFernet over every key in DATA_KEY (first one encrypts)."""
    keys = [k.strip() for k in data_key.split(",") if k.strip()]
    if not keys:
        raise ValueError("DATA_KEY holds no Fernet key.")
    return MultiFernet([Fernet(k) for k in keys])


def app_fernet() -> MultiFernet:
    """The current app's MultiFernet, built once per app."""
    fernet = current_app.extensions.get("seen_heard_fernet")
    if fernet is None:
        fernet = current_app.extensions["seen_heard_fernet"] = fernet_from(current_app.config["DATA_KEY"])
    return fernet


def encrypt_text(text: str) -> bytes:
    """Encrypt raw text for storage."""
    return app_fernet().encrypt(text.encode("utf-8"))


def decrypt_text(token: bytes) -> str:
    """Decrypt stored raw text. Callers must audit the read."""
    return app_fernet().decrypt(token).decode("utf-8")
