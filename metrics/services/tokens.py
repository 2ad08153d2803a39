"""Writes of the metrics API tokens: issue one (its secret returned once), revoke, note its use.

Only the organization's coordinators issue and revoke (`metrics.permissions`); the whole
county's scope only for a county's own organization. `api_token_touch` writes `last_used_at`
at most once a minute per token, with one UPDATE guarded by the old value, so concurrent
requests of one reporting system write once and a busy one costs no writes at all.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.dates import plannable_date_error
from core.errors import DomainError, PermissionRefused
from events.recurrence import HELSINKI
from metrics.api_tokens import token_digest, token_new
from metrics.models import ApiToken
from metrics.permissions import can_issue_county_tokens, can_manage_api_tokens, can_revoke_api_token
from venues.models import Organization

TOUCH_EVERY = dt.timedelta(minutes=1)


class TokenRefused(DomainError):
    pass


@transaction.atomic
def api_token_create(
    *,
    actor: User,
    organization: Organization,
    name: str,
    scope: str = ApiToken.Scope.ORGANIZATION,
    expires_on: dt.date | None = None,
    today: dt.date | None = None,
) -> tuple[ApiToken, str]:
    """A new token and its secret (the only time it exists outside the caller's hands)."""
    if not can_manage_api_tokens(actor, organization):
        raise PermissionRefused(
            _("Only the organization's coordinators can manage its API tokens."), code="forbidden"
        )
    if scope == ApiToken.Scope.COUNTY and not can_issue_county_tokens(organization):
        raise TokenRefused(
            _("Only a wellbeing services county's own organization can issue county tokens."),
            code="county_scope",
        )
    name = (name or "").strip()
    if not name:
        raise TokenRefused(_("Give the token a name, e.g. the reporting system that uses it."), code="name")
    expires_at = None
    if expires_on is not None:
        today = today or timezone.localdate()
        if expires_on < today:
            raise TokenRefused(_("The expiry date is in the past."), code="expires_past")
        error = plannable_date_error(expires_on, today)
        if error:
            raise TokenRefused(error, code="too_far_ahead")
        # Valid through the whole day named (Helsinki), until the midnight after it.
        expires_at = dt.datetime.combine(expires_on + dt.timedelta(days=1), dt.time(0), tzinfo=HELSINKI)
    taken = True
    while taken:  # 36⁸ prefixes: a second draw is already unlikely to be needed
        secret, prefix = token_new()
        taken = ApiToken.objects.filter(prefix=prefix).exists()
    token = ApiToken(
        organization=organization,
        scope=scope,
        name=name,
        prefix=prefix,
        secret_hash=token_digest(secret),
        created_by=actor,
        expires_at=expires_at,
    )
    token.full_clean()
    token.save()
    return token, secret


def api_token_revoke(*, actor: User, token: ApiToken, now: dt.datetime | None = None) -> ApiToken:
    """Revoke for good (the row stays, for the list); revoking twice changes nothing."""
    if not can_revoke_api_token(actor, token.organization):
        raise PermissionRefused(
            _("Only the organization's coordinators can manage its API tokens."), code="forbidden"
        )
    if token.revoked_at is None:
        now = now or timezone.now()
        ApiToken.objects.filter(pk=token.pk, revoked_at=None).update(revoked_at=now, revoked_by=actor)
        token.refresh_from_db(fields=["revoked_at", "revoked_by"])
    return token


def api_token_touch(*, token: ApiToken, now: dt.datetime) -> None:
    """Note that the token was used: no query while the last note is under a minute old."""
    last = token.last_used_at
    if last is not None and now - last < TOUCH_EVERY:
        return
    ApiToken.objects.filter(pk=token.pk, last_used_at=last).update(last_used_at=now)
    token.last_used_at = now
