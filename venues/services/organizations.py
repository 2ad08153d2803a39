"""Writes to the network's organizations: a new organization with its first coordinator's
invitation, sending an invitation again (a new code), accepting one, and deactivating or
reactivating an organization.

The invitation's token is random, emailed once and stored only as its SHA-256, so a
leaked database does not let anyone in; it expires (`INVITE_VALID_FOR`) and is used once.
The invitee's account is made (without a password) when they are invited, as
`membership_add` does: they log in by a code emailed by allauth, which also verifies the
address, and only then accept. Deactivating keeps every row (history, metrics): the public
reads filter on `Organization.is_active`, and the organization's save invalidates its feeds.
"""

import datetime as dt
import hashlib
import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.errors import DomainError, PermissionRefused
from venues.business_ids import normalize_business_id, validate_business_id
from venues.models import Membership, Municipality, Organization, OrganizationInvite
from venues.permissions import Actor, can_add_organization, can_change_organization_status
from venues.services.memberships import _user_for_email

logger = logging.getLogger(__name__)

INVITE_VALID_FOR = dt.timedelta(days=14)
NEW_KINDS = (Organization.Kind.NGO, Organization.Kind.PARISH, Organization.Kind.PRIVATE)
LANGUAGES = ("fi", "sv", "en")


class OrganizationError(DomainError):
    pass


class InviteRefused(DomainError):
    pass


@dataclass(frozen=True)
class NewOrganization:
    name: str
    kind: str
    business_id: str
    municipality: Municipality
    coordinator_email: str
    language: str = "fi"
    website: str = ""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _free_slug(name: str) -> str:
    base = slugify(name)[:90].strip("-") or "organization"
    taken = set(Organization.objects.filter(slug__startswith=base).values_list("slug", flat=True)) | {"new"}
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _validation_message(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


def organization_create(*, actor: Actor, data: NewOrganization, base_url: str) -> Organization:
    """Add an NGO, parish or private provider and invite its first coordinator by email.

    `base_url` is the site's origin (from the request) for the link in the email.
    """
    if not can_add_organization(actor, data.municipality):
        raise PermissionRefused(
            _(
                "Only the coordinators of %(municipality)s or of its wellbeing services county can add "
                "organizations there."
            )
            % {"municipality": data.municipality.name},
            code="forbidden",
        )
    if data.kind not in NEW_KINDS:
        raise OrganizationError(_("Choose the kind of organization."), code="invalid_kind")
    language = data.language if data.language in LANGUAGES else "fi"
    business_id = normalize_business_id(data.business_id)
    try:
        with transaction.atomic():
            organization = Organization(
                name=" ".join(data.name.split()),
                name_fi=" ".join(data.name.split()),
                kind=data.kind,
                business_id=business_id,
                municipality=data.municipality,
                website=data.website,
            )
            organization.slug = _free_slug(organization.name)
            try:
                # The check digit is checked here, for what we add: PTV's imports keep their own.
                validate_business_id(business_id)
                organization.full_clean(exclude=["slug"])
            except ValidationError as error:
                raise OrganizationError(_validation_message(error), code="invalid") from error
            if business_id and Organization.objects.filter(business_id=business_id).exists():
                raise OrganizationError(
                    _("An organization with business ID %(business_id)s is already in the network.")
                    % {"business_id": business_id},
                    code="duplicate_business_id",
                )
            organization.save()
            invite_create(
                actor=actor,
                organization=organization,
                email=data.coordinator_email,
                language=language,
                base_url=base_url,
            )
    except IntegrityError as error:
        raise OrganizationError(
            _("The organization could not be saved. Please try again."), code="conflict"
        ) from error
    return organization


def invite_create(
    *, actor: Actor, organization: Organization, email: str, language: str, base_url: str
) -> OrganizationInvite:
    """Invite a coordinator; the email leaves after the transaction commits."""
    if not can_change_organization_status(actor, organization):
        raise PermissionRefused(_("You cannot invite coordinators to this organization."), code="forbidden")
    user = _user_for_email(email)
    if not user.memberships.exists() and language in LANGUAGES:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    token = secrets.token_urlsafe(32)
    invite = OrganizationInvite(
        organization=organization,
        email=user.email,
        role=Membership.Role.COORDINATOR,
        language=language,
        token_hash=hash_token(token),
        created_by=actor if isinstance(actor, User) else None,
        expires_at=timezone.now() + INVITE_VALID_FOR,
    )
    invite.full_clean(exclude=["token_hash"])
    invite.save()
    transaction.on_commit(lambda: send_invite(invite=invite, token=token, base_url=base_url))
    return invite


@transaction.atomic
def invite_resend(*, actor: Actor, invite: OrganizationInvite, base_url: str) -> OrganizationInvite:
    """Send an invitation not yet accepted again, with a new code valid `INVITE_VALID_FOR` from now.

    The old link stops working (its hash is replaced), so a lost or forwarded email cannot be used
    beside the new one. Refused once accepted, and while the organization is deactivated.
    """
    invite = OrganizationInvite.objects.select_for_update().select_related("organization").get(pk=invite.pk)
    if not can_change_organization_status(actor, invite.organization):
        raise PermissionRefused(_("You cannot invite coordinators to this organization."), code="forbidden")
    if invite.accepted_at is not None:
        raise InviteRefused(
            _("%(email)s has already accepted the invitation.") % {"email": invite.email}, code="used"
        )
    if not invite.organization.is_active:
        raise InviteRefused(
            _("%(organization)s is deactivated. Reactivate it before inviting anyone.")
            % {"organization": invite.organization.name},
            code="inactive_organization",
        )
    token = secrets.token_urlsafe(32)
    invite.token_hash = hash_token(token)
    invite.expires_at = timezone.now() + INVITE_VALID_FOR
    invite.save(update_fields=["token_hash", "expires_at"])
    transaction.on_commit(lambda: send_invite(invite=invite, token=token, base_url=base_url))
    return invite


def send_invite(*, invite: OrganizationInvite, token: str, base_url: str) -> None:
    """The invitation email, in the language the inviter chose."""
    with translation.override(invite.language):
        link = base_url.rstrip("/") + f"/{invite.language}/invites/{token}/"
        context = {
            "organization": invite.organization,
            "link": link,
            "expires_at": invite.expires_at,
            "inviter": invite.created_by,
        }
        subject = render_to_string("venues/email/invite_subject.txt", context).strip()
        body = render_to_string("venues/email/invite_body.txt", context)
    try:
        send_mail(
            settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, [invite.email], fail_silently=False
        )
    except OSError:
        # The coordinator sees the invitation as not accepted and can send it again.
        logger.warning("Could not send the invitation %s", invite.pk, exc_info=True)


def invite_find(*, token: str, now: dt.datetime | None = None) -> OrganizationInvite:
    """The invitation a token opens; refused (translated) when unknown, used or expired."""
    now = now or timezone.now()
    invite = (
        OrganizationInvite.objects.select_related("organization").filter(token_hash=hash_token(token)).first()
    )
    if invite is None:
        raise InviteRefused(
            _("This invitation link is not valid. Check the link in the email."), code="unknown"
        )
    if invite.accepted_at is not None:
        raise InviteRefused(_("This invitation has already been used. Log in to continue."), code="used")
    if invite.expires_at <= now:
        raise InviteRefused(
            _("This invitation has expired. Ask the coordinator who invited you to send a new one."),
            code="expired",
        )
    return invite


@transaction.atomic
def invite_accept(*, actor: Actor, token: str, now: dt.datetime | None = None) -> Membership:
    """The logged-in invitee becomes a coordinator of the organization. Once."""
    now = now or timezone.now()
    if actor is None or not actor.is_authenticated:
        raise InviteRefused(_("Log in first with the address the invitation was sent to."), code="login")
    found = invite_find(token=token, now=now)
    invite = OrganizationInvite.objects.select_for_update().get(pk=found.pk)
    if invite.accepted_at is not None:
        raise InviteRefused(_("This invitation has already been used. Log in to continue."), code="used")
    if invite.email.lower() != actor.email.lower():
        raise InviteRefused(
            _("This invitation was sent to another email address. Log out and log in with that address."),
            code="wrong_email",
        )
    membership, created = Membership.objects.get_or_create(
        user=actor,
        organization=invite.organization,
        defaults={"role": invite.role, "created_by": invite.created_by},
    )
    if not created and membership.role != invite.role:
        membership.role = invite.role
        membership.save(update_fields=["role"])
    invite.accepted_at = now
    invite.accepted_by = actor
    invite.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def organization_set_active(*, actor: Actor, organization: Organization, active: bool) -> Organization:
    """Deactivate (its groups leave every public page, feed, embed and the API; rows stay) or reactivate."""
    if not can_change_organization_status(actor, organization):
        raise PermissionRefused(
            _("You cannot deactivate or reactivate %(organization)s.") % {"organization": organization.name},
            code="forbidden",
        )
    organization = Organization.objects.select_for_update().get(pk=organization.pk)
    if organization.is_active != active:
        organization.is_active = active
        # A full save: the feeds' cache bookkeeping listens to it (events.feed_versions).
        organization.save()
    return organization
