"""Keys for counting what a submission returned: a keyed hash, so that no output can be built to collide.

Python's hash of an int is the int modulo 2**61 - 1, the same on every machine: rows of multiples of it all
land in one bucket, and counting n of them costs n**2. A BLAKE2b digest under a key made fresh in each
process cannot be aimed at, whatever the values and whatever PYTHONHASHSEED says.
"""

from __future__ import annotations

import hashlib
import secrets

_KEY = secrets.token_bytes(32)


def digest(text: str) -> bytes:
    """16 bytes that stand for `text` when counting: equal texts, equal digests."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), key=_KEY, digest_size=16).digest()
