"""Sending a family's email: one queued `Notice` built (`bookings.emails.render`), sent, outcome recorded.

Runs only in the task worker (`bookings.tasks.send_notice`), never inside a request: a
slow or broken mail server must not slow or break a sign-up. `deliver()` claims the
notice (so two workers never send it twice), sends it, and records the outcome on the
row; the task re-queues a failed try after a pause (`RETRY_DELAYS`) until
`MAX_ATTEMPTS`, and coordinators see what finally failed (`views_notices`).

`last_error` must never hold personal data (an SMTP error's text may quote the address),
so only the error's class and code go in.
"""

import datetime as dt
import logging
import smtplib
from dataclasses import dataclass
from email import encoders
from email.mime.base import MIMEBase

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from bookings.emails import render
from bookings.models import Notice

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 4
# Pause before the 2nd, 3rd and 4th try.
RETRY_DELAYS = (dt.timedelta(minutes=1), dt.timedelta(minutes=5), dt.timedelta(minutes=30))


@dataclass(frozen=True)
class Outcome:
    """What one try did; `retry_after` is set when the task should try again after that pause."""

    state: str
    retry_after: dt.timedelta | None = None


def build(notice: Notice) -> EmailMultiAlternatives:
    message = render(notice)
    context = {"message": message}
    with translation.override(message.language):
        text = render_to_string("bookings/email/notice.txt", context)
        html = render_to_string("bookings/email/notice.html", context)
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=text,
        to=[notice.booking.email],
        # RFC 3834: no auto-replies (out of office) to a machine's address.
        headers={"Auto-Submitted": "auto-generated"},
    )
    email.attach_alternative(html, "text/html")
    if message.calendar is not None:
        email.attach(calendar_part(message.calendar))
    return email


def calendar_part(ics: bytes) -> MIMEBase:
    """The .ics as base64, so its CRLF line ends reach the client unchanged (RFC 5545 demands them)."""
    part = MIMEBase("text", "calendar", method="PUBLISH", charset="utf-8")
    part.set_payload(ics)
    encoders.encode_base64(part)
    part.add_header("Content-Disposition", "attachment", filename="perhekeskus.ics")
    return part


# --- sending -----------------------------------------------------------------------------------------


def _error_text(error: BaseException) -> str:
    """The error's class and SMTP code only: its message may quote the family's address."""
    code = getattr(error, "smtp_code", None) or getattr(error, "errno", None)
    name = type(error).__name__
    return f"{name} {code}" if code else name


def deliver(notice: Notice) -> Outcome:
    """Send one queued notice once; record sent, or the failure and whether to try again.

    Sent and failed notices are left alone (a task run twice sends nothing); anonymised
    bookings are never emailed. The row stays locked while sending, so a second worker
    given the same notice waits, then finds it sent. (If the commit after a send fails,
    the next try sends again: at least once, never silently lost.)
    """
    with transaction.atomic():
        notice = (
            Notice.objects.select_for_update(of=("self",))
            .select_related("booking__group__organization", "session")
            .get(pk=notice.pk)
        )
        if notice.state != Notice.State.QUEUED:
            return Outcome(state=notice.state)
        if notice.booking.is_anonymised or not notice.booking.email:
            notice.state, notice.last_error = Notice.State.FAILED, "no address"
            notice.save(update_fields=["state", "last_error"])
            return Outcome(state=notice.state)
        notice.attempts += 1
        outcome = _send(notice)
        notice.state = outcome.state
        notice.save(update_fields=["state", "attempts", "last_error", "sent_at"])
        return outcome


def _send(notice: Notice) -> Outcome:
    """One try; records the result on `notice` (unsaved)."""
    try:
        build(notice).send()
    except (smtplib.SMTPException, OSError) as error:
        failure = _error_text(error)
        logger.warning("Notice %s: try %s failed: %s", notice.pk, notice.attempts, failure)
    except Exception as error:  # a bug in rendering: keep it visible on the row, and in the log
        failure = _error_text(error)
        logger.exception("Notice %s: try %s crashed", notice.pk, notice.attempts)
    else:
        notice.sent_at, notice.last_error = timezone.now(), ""
        return Outcome(state=Notice.State.SENT)
    notice.last_error = failure[:300]
    if notice.attempts >= MAX_ATTEMPTS:
        return Outcome(state=Notice.State.FAILED)
    return Outcome(state=Notice.State.QUEUED, retry_after=RETRY_DELAYS[notice.attempts - 1])
