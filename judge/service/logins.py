"""One rule for logins and emails, wherever an account is made: the JSON API, a CSV roster, the CLI.

A login is ASCII letters, digits and `_ . @ -`, starting with a letter or a digit (NAME_PATTERN), at
most 100 characters: no look-alike from another script can be one. A login is also refused when it is
confusable with an existing one: both reduce to the same skeleton, in the manner of Unicode's confusable
detection (UTS #39), for what ASCII can confuse: case, 0 and o, 1 l I and |, rn and m, vv and w, cl and d. A
display name is any text, commas and apostrophes included, stored as given and shown escaped. An email is
checked as an address (email-validator, without asking the network).
"""

from __future__ import annotations

import re

from email_validator import EmailNotValidError, validate_email

# What every login is, in the JSON API's schemas too (judge.service.schemas takes it from here).
NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.@-]*$"
MAX_LOGIN = 100
# UTS #39's confusables within ASCII, each sequence to its prototype (longest first, as the skeleton is built).
_ASCII_CONFUSABLES = (("rn", "m"), ("vv", "w"), ("cl", "d"), ("0", "o"), ("1", "l"), ("|", "l"))


def login_fault(name: str) -> str | None:
    """Why this is not a login, or None."""
    if not name or len(name) > MAX_LOGIN or not re.fullmatch(NAME_PATTERN, name) or not name.isascii():
        return f"{name!r} is not a login: ASCII letters, digits and _ . @ -, starting with a letter or digit"
    return None


def skeleton(name: str) -> str:
    """What a login looks like, for telling look-alikes apart: two logins with one skeleton are confusable."""
    shape = name.replace("I", "l").lower()  # a capital I is an l; a small i is not
    for sequence, prototype in _ASCII_CONFUSABLES:
        shape = shape.replace(sequence, prototype)
    return shape


def email_fault(email: str) -> str | None:
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError as exc:
        return f"{email!r} is not an email address: {exc}"
    return None
