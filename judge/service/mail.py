"""Mail the judge sends (invites), through the SMTP server the operator configures (JUDGE_SMTP_HOST).

Sending is bounded: one connection per batch, a timeout on each step, so a slow or absent server costs a
request seconds, never a hang. A mail that was not taken is reported to the caller with the reason, and the
link is in the answer anyway, to send by other means.
"""

from __future__ import annotations

import smtplib
import ssl
import time
from collections.abc import Iterable
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage

from judge.settings import Settings

TIMEOUT_S = 10.0  # each step of the conversation
BUDGET_S = 30.0  # every mail of one request


@dataclass(frozen=True)
class Mail:
    to_name: str
    to_address: str
    subject: str
    body: str


def send_all(settings: Settings, mails: Iterable[Mail]) -> list[str | None]:
    """Send each mail; per mail, None if the server took it, else why not (in the mails' order)."""
    mails = list(mails)
    if not settings.smtp_host:
        return ["no SMTP server is configured (JUDGE_SMTP_HOST): send the link yourself"] * len(mails)
    try:
        server = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=TIMEOUT_S)
    except (OSError, smtplib.SMTPException) as exc:
        return [f"the SMTP server could not be reached: {exc}"] * len(mails)
    outcomes: list[str | None] = []
    with server:
        try:
            if settings.smtp_starttls:
                server.starttls(context=ssl.create_default_context())
            if settings.smtp_user:
                server.login(settings.smtp_user, settings.smtp_password or "")
        except (OSError, smtplib.SMTPException) as exc:
            return [f"the SMTP server refused the session: {exc}"] * len(mails)
        deadline = time.monotonic() + BUDGET_S
        for mail in mails:
            if time.monotonic() > deadline:  # a slow server costs the request BUDGET_S at most
                outcomes.append("not sent: the SMTP server was too slow for the rest; resend it")
                continue
            try:
                message = EmailMessage()
                message["From"] = settings.mail_from
                # An Address quotes the name: one holding quotes or commas stays one name, never a second recipient.
                message["To"] = Address(display_name=mail.to_name, addr_spec=mail.to_address)
                message["Subject"] = mail.subject  # a header with a line break in it is a ValueError: not sent
                message.set_content(mail.body)
                server.send_message(message)
                outcomes.append(None)
            except (OSError, smtplib.SMTPException, ValueError) as exc:
                outcomes.append(f"the SMTP server did not take it: {exc}")
    return outcomes
