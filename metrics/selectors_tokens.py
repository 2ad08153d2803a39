"""Reads of the metrics API tokens: the coordinator's list, one token, and the token a request
presents (`api_token_authenticate`), with the scope it reads (`token_scope`).

A presented token is found by its public prefix and then compared, in constant time, by the
sha256 of the whole token; any failure (malformed, unknown, wrong secret, revoked, expired, the
organization inactive, a county token whose organization no longer leads a county) is one
answer, None, so a caller cannot tell them apart. Never writes (`services.tokens` touches
`last_used_at`).
"""

import datetime as dt
import hmac

from django.db.models import QuerySet

from metrics.api_tokens import token_digest, token_prefix
from metrics.models import ApiToken
from metrics.permissions import token_organizations
from metrics.scopes import Scope
from venues.models import County
from venues.permissions import Actor


def api_tokens_list(*, actor: Actor) -> QuerySet[ApiToken]:
    """Tokens of the organizations the actor coordinates, newest first; revoked ones too."""
    return ApiToken.objects.filter(organization__in=token_organizations(actor)).select_related(
        "organization", "created_by", "revoked_by"
    )


def api_token_get(*, actor: Actor, pk: int) -> ApiToken | None:
    return api_tokens_list(actor=actor).filter(pk=pk).first()


def api_token_authenticate(*, token: str, now: dt.datetime) -> ApiToken | None:
    """The live token `token` is, or None. One query (the row with its organization)."""
    prefix = token_prefix(token)
    if prefix is None:
        return None
    found = ApiToken.objects.select_related("organization").filter(prefix=prefix).first()
    digest = token_digest(token)
    if found is None:
        hmac.compare_digest(digest, digest)  # the same work as a known prefix with a wrong secret
        return None
    if not hmac.compare_digest(digest, found.secret_hash):
        return None
    if found.revoked_at is not None or not found.organization.is_active:
        return None
    if found.expires_at is not None and found.expires_at <= now:
        return None
    return found


def token_scope(token: ApiToken) -> Scope | None:
    """What the token's coordinator role reads: its organization's groups, or for a county token
    also every session held in the county. None if the county scope no longer exists."""
    coordinated = (token.organization_id,)
    if token.scope == ApiToken.Scope.COUNTY:
        counties = tuple(
            County.objects.filter(organization_id=token.organization_id).values_list("pk", flat=True)
        )
        if not counties:
            return None
        return Scope(level="county", county_ids=counties, coordinated=coordinated, leaves_organization=True)
    return Scope(level="organization", coordinated=coordinated)
