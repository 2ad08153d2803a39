"""Coordinators send a failed email again (the leaders' workspace, "Emails to families")."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from bookings.models import Notice
from bookings.services.notices import _enqueue
from core.errors import DomainError, PermissionRefused
from venues.permissions import Actor, can_manage_members


class NoticeRefused(DomainError):
    """A notice that cannot be sent again; the message says why."""


@transaction.atomic
def notice_retry(*, actor: Actor, notice: Notice) -> Notice:
    """Queue the notice again with a fresh set of tries; sent after commit by the task worker.

    Only the coordinators of the group's organization may (they answer for its families).
    """
    organization = notice.booking.group.organization
    if not can_manage_members(actor, organization):
        raise PermissionRefused(
            _("Only the coordinators of %(organization)s can send its emails again.")
            % {"organization": organization.name},
            code="forbidden",
        )
    locked = Notice.objects.select_for_update(of=("self",)).select_related("booking").get(pk=notice.pk)
    if locked.state == Notice.State.SENT:
        raise NoticeRefused(_("This email has already been sent."), code="already_sent")
    if locked.booking.is_anonymised or not locked.booking.email:
        raise NoticeRefused(
            _("The household's contact details have been removed, so the email cannot be sent."),
            code="no_address",
        )
    locked.state = Notice.State.QUEUED
    locked.attempts = 0
    locked.save(update_fields=["state", "attempts"])
    transaction.on_commit(lambda: _enqueue(locked.pk))
    return locked
