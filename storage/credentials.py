"""Personal codes and passwords: generation, normalisation and argon2 hashing."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

# No 0/O, 1/I/L: a code is read aloud, copied from paper and typed on a phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8

# argon2id with OWASP's recommended minimum (19 MiB, 2 passes, 1 lane): a sign-in costs ~0.1 s on a
# small server instead of ~0.5 s with argon2-cffi's defaults; needs_rehash() upgrades older hashes.
_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)


def new_code() -> str:
    """A random personal code of CODE_LENGTH characters (about 40 bits)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(code: str) -> str:
    """Upper case without spaces or dashes, so "abcd-efgh" and "ABCDEFGH" are the same code."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_lookup(code: str) -> str:
    """A 16-bit bucket of the normalised code, so sign-in verifies a handful of hashes, not all.

    It narrows the search without revealing the code: 24 of its ~40 bits stay behind argon2.
    """
    return hashlib.sha256(normalise_code(code).encode()).hexdigest()[:4]


def hash_secret(secret: str) -> str:
    """An argon2id hash of a password or normalised code."""
    return _hasher.hash(secret)


def verify_secret(hashed: str, secret: str) -> bool:
    """True when ``secret`` matches ``hashed``; False for a mismatch or an unreadable hash."""
    try:
        return _hasher.verify(hashed, secret)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(hashed: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    return _hasher.check_needs_rehash(hashed)
