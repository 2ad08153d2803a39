"""Metrics API tokens: issued, shown once, listed and revoked in the workspace; the JSON answers a
token with exactly its role's scope, suppressed, and refuses every bad token alike (401)."""

import datetime as dt
import hashlib
import json
import logging
import urllib.error
import urllib.request

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.redaction import redact
from metrics.models import ApiToken
from metrics.services.tokens import api_token_create, api_token_revoke
from tests.metrics.conftest import NOW, build_network, client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now")]

PAGE = "/en/leader/metrics/tokens/"
API = "/api/v1/metrics"
QUERY = {"start": "2026-05", "end": "2026-06"}
SMALL = {1, 2, 3, 4}


def issue(user, organization, **extra) -> tuple[ApiToken, str]:
    return api_token_create(
        actor=user, organization=organization, name=extra.pop("name", "Raportointi"), **extra
    )


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


# --- the pages ---------------------------------------------------------------------------------


def test_a_coordinator_creates_a_token_sees_it_once_and_it_is_stored_hashed(network):
    client = client_for(network.ngo_coordinator)
    assert client.get(PAGE).status_code == 200
    response = client.post(
        PAGE, {"name": "Varha reporting", "organization": network.ngo.pk, "scope": "organization"}
    )
    assert response.status_code == 201
    assert "no-store" in response["Cache-Control"]
    secret = response.context["secret"]
    assert secret.startswith("pkm_")
    assert len(secret) == 56
    assert secret in response.content.decode()
    token = ApiToken.objects.get()
    assert (token.name, token.organization, token.created_by) == (
        "Varha reporting",
        network.ngo,
        network.ngo_coordinator,
    )
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.startswith(token.prefix + "_")
    stored = [str(value) for value in ApiToken.objects.values_list().get()]
    assert secret not in stored
    listing = client.get(PAGE).content.decode()
    assert "Varha reporting" in listing
    assert token.prefix in listing
    assert secret not in listing  # shown once only
    assert client.get(API, QUERY, **bearer(secret)).status_code == 200


def test_a_leader_has_no_tokens_page(network):
    client = client_for(network.ngo_leader)
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"name": "x", "organization": network.ngo.pk}).status_code == 403
    assert not ApiToken.objects.exists()


def test_anonymous_is_sent_to_log_in():
    response = Client().get(PAGE)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_coordinator_of_another_organization_neither_sees_nor_revokes_it(network):
    token, _secret = issue(network.ngo_coordinator, network.ngo, name="MLL:n raportti")
    other = client_for(network.other_coordinator)
    assert "MLL:n raportti" not in other.get(PAGE).content.decode()
    revoke = f"{PAGE}{token.pk}/revoke/"
    assert other.get(revoke).status_code == 404
    assert other.post(revoke).status_code == 404
    # Nor issue one for it: the organization is not among the choices.
    response = other.post(PAGE, {"name": "x", "organization": network.ngo.pk, "scope": "organization"})
    assert response.status_code == 400
    token.refresh_from_db()
    assert token.revoked_at is None
    assert ApiToken.objects.count() == 1


def test_revoking_asks_then_revokes_and_the_token_stops_working(network):
    token, secret = issue(network.ngo_coordinator, network.ngo)
    client = client_for(network.ngo_coordinator)
    assert client.get(API, QUERY, **bearer(secret)).status_code == 200
    ask = client.get(f"{PAGE}{token.pk}/revoke/")
    assert ask.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is None  # a GET only asks
    done = client.post(f"{PAGE}{token.pk}/revoke/")
    assert done.status_code == 302
    assert done["Location"] == PAGE
    token.refresh_from_db()
    assert token.revoked_at == NOW
    assert token.revoked_by == network.ngo_coordinator
    assert "Revoked" in client.get(PAGE).content.decode()
    assert Client().get(API, QUERY, **bearer(secret)).status_code == 401


def test_a_county_coordinator_issues_a_county_token_and_others_cannot(network):
    county = network.county.organization
    client = client_for(network.county_coordinator)
    page = client.get(PAGE).content.decode()
    assert "The whole wellbeing services county" in page
    response = client.post(PAGE, {"name": "Varha", "organization": county.pk, "scope": "county"})
    assert response.status_code == 201
    assert ApiToken.objects.get().scope == ApiToken.Scope.COUNTY
    # An NGO's coordinator has no county to offer: refused, nothing stored.
    refused = client_for(network.ngo_coordinator).post(
        PAGE, {"name": "x", "organization": network.ngo.pk, "scope": "county"}
    )
    assert refused.status_code == 400
    assert ApiToken.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"name": ""}, "This field is required."),
        ({"name": "x", "expires_on": "1.6.2026"}, "The expiry date is in the past."),
        ({"name": "x", "expires_on": "1.1.2099"}, "Dates can be at most two years ahead"),
        ({"name": "x", "expires_on": "31.2.2027"}, "Type the date as d.m.yyyy"),
    ],
)
def test_bad_input_is_refused_with_the_reason_and_nothing_stored(network, data, error):
    response = client_for(network.ngo_coordinator).post(
        PAGE, {"organization": network.ngo.pk, "scope": "organization", **data}
    )
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not ApiToken.objects.exists()


def test_translated_pages(network):
    client = client_for(network.ngo_coordinator)
    assert "Rajapinta-avaimet" in client.get("/fi/leader/metrics/tokens/").content.decode()
    assert "API-nycklar" in client.get("/sv/leader/metrics/tokens/").content.decode()
    dashboard = client.get("/fi/leader/metrics/", QUERY).content.decode()
    assert 'href="/fi/leader/metrics/tokens/"' in dashboard


# --- the API with a token ------------------------------------------------------------------------


def _rows(response) -> set[str]:
    return {row["key"] for row in response.json()["rows"]}


def test_an_organization_token_reads_its_organization_only(network):
    _token, secret = issue(network.ngo_coordinator, network.ngo)
    answer = Client().get(API, {**QUERY, "by": "organization"}, **bearer(secret))
    assert answer.status_code == 200
    assert answer.json()["scope"] == "organization"
    assert _rows(answer) == {network.ngo.slug}
    # The same figures as its coordinator's own session gets.
    own = client_for(network.ngo_coordinator).get(API, {**QUERY, "by": "organization"})
    assert answer.json() == own.json()
    # Another organization's figures, or the county's, cannot be asked for.
    other = network.g4.organization.slug
    assert Client().get(API, {**QUERY, "organization": other}, **bearer(secret)).status_code == 422
    salo = Client().get(API, {**QUERY, "municipality": "734", "by": "organization"}, **bearer(secret))
    assert _rows(salo) == set()  # Salo's sessions are the town's, not the NGO's


def test_a_county_token_reads_the_county_and_never_outside_it(network):
    _token, secret = issue(network.county_coordinator, network.county.organization, scope="county")
    answer = Client().get(API, {**QUERY, "by": "organization"}, **bearer(secret))
    assert answer.status_code == 200
    assert answer.json()["scope"] == "county"
    town = network.g3.organization.slug
    assert _rows(answer) == {network.ngo.slug, town}  # not the organization outside the county
    # A county organization's token issued for its own groups reads only those (none here).
    _t, own = issue(network.county_coordinator, network.county.organization)
    assert _rows(Client().get(API, {**QUERY, "by": "organization"}, **bearer(own))) == set()


def test_a_token_answer_is_suppressed(network):
    _token, secret = issue(network.ngo_coordinator, network.ngo)
    data = Client().get(API, {**QUERY, "by": "month"}, **bearer(secret)).json()
    assert data["suppressed"] is True
    values = [v for row in [*data["rows"], data["total"]] for v in row["values"].values()]
    assert "<5" in values
    assert not SMALL & {v for v in values if isinstance(v, int)}


def _expired(network):
    token, secret = issue(network.ngo_coordinator, network.ngo, expires_on=dt.date(2026, 6, 15))
    ApiToken.objects.filter(pk=token.pk).update(expires_at=NOW)
    return secret


def _revoked(network):
    token, secret = issue(network.ngo_coordinator, network.ngo)
    api_token_revoke(actor=network.ngo_coordinator, token=token)
    return secret


def _inactive(network):
    _token, secret = issue(network.ngo_coordinator, network.ngo)
    network.ngo.is_active = False
    network.ngo.save()
    return secret


def _wrong_secret(network):
    _token, secret = issue(network.ngo_coordinator, network.ngo)
    return secret[:-1] + ("A" if secret[-1] != "A" else "B")


def _unknown(network):
    return "pkm_abcdefgh_" + "x" * 43


def _malformed(network):
    return "not-a-token"


@pytest.mark.parametrize("make", [_expired, _revoked, _inactive, _wrong_secret, _unknown, _malformed])
def test_every_bad_token_is_the_same_401(network, make, caplog):
    secret = make(network)
    with caplog.at_level(logging.DEBUG):
        response = Client().get(API, {**QUERY, "lang": "en"}, **bearer(secret))
    assert response.status_code == 401
    assert response.json() == {
        "detail": "The API token is not valid: it may be mistyped, expired or revoked.",
        "code": "invalid_token",
    }
    assert response["WWW-Authenticate"] == 'Bearer realm="metrics", error="invalid_token"'
    assert secret not in caplog.text


def test_a_bad_token_is_refused_even_beside_a_valid_session(network):
    client = client_for(network.county_coordinator)
    assert client.get(API, QUERY).status_code == 200
    assert client.get(API, QUERY, **bearer(_unknown(network))).status_code == 401
    assert client.get(API, QUERY, HTTP_AUTHORIZATION="Basic dXNlcjpwYXNz").status_code == 401


def test_an_expiry_date_is_valid_through_that_day(network):
    _token, secret = issue(network.ngo_coordinator, network.ngo, expires_on=dt.date(2026, 6, 15))
    assert Client().get(API, QUERY, **bearer(secret)).status_code == 200


def test_no_credentials_says_how_to_send_a_token():
    response = Client().get(API, QUERY)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert response["WWW-Authenticate"] == 'Bearer realm="metrics"'


def test_last_used_is_written_at_most_once_a_minute(network, monkeypatch):
    token, secret = issue(network.ngo_coordinator, network.ngo)
    assert token.last_used_at is None
    Client().get(API, QUERY, **bearer(secret))
    token.refresh_from_db()
    assert token.last_used_at == NOW
    later = NOW + dt.timedelta(seconds=30)
    monkeypatch.setattr(timezone, "now", lambda: later)
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(API, QUERY, **bearer(secret)).status_code == 200
    assert not [q for q in queries if q["sql"].upper().startswith("UPDATE")]
    token.refresh_from_db()
    assert token.last_used_at == NOW
    much_later = NOW + dt.timedelta(minutes=2)
    monkeypatch.setattr(timezone, "now", lambda: much_later)
    Client().get(API, QUERY, **bearer(secret))
    token.refresh_from_db()
    assert token.last_used_at == much_later


def test_tokens_are_cut_out_of_log_lines():
    secret = "pkm_abcd1234_" + "Zz-_" * 10 + "abc"
    line = f'GET /api/v1/metrics?token={secret} "Authorization: Bearer {secret}"'
    assert secret not in redact(line)
    assert "pkm_abcd1234_[redacted]" in redact(line)


def test_the_admin_lists_tokens_read_only_and_revokes(network):
    from tests.factories import UserFactory

    token, secret = issue(network.ngo_coordinator, network.ngo)
    admin = client_for(UserFactory(is_superuser=True, is_staff=True))
    page = admin.get("/en/admin/metrics/apitoken/")
    assert page.status_code == 200
    assert token.prefix in page.content.decode()
    assert admin.get(f"/en/admin/metrics/apitoken/{token.pk}/change/").status_code == 200
    assert admin.get("/en/admin/metrics/apitoken/add/").status_code == 403
    admin.post("/en/admin/metrics/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client().get(API, QUERY, **bearer(secret)).status_code == 401


# --- through a real HTTP server --------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_reporting_system_fetches_json_over_http(live_server):
    network = build_network()
    _token, secret = issue(network.county_coordinator, network.county.organization, scope="county")
    url = f"{live_server.url}{API}?start=2026-05&end=2026-06&by=municipality"
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {secret}"})  # noqa: S310 (loopback)
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("application/json")
        data = json.loads(response.read())
    assert data["scope"] == "county"
    assert {row["key"] for row in data["rows"]} == {"853", "734"}
    refused = urllib.request.Request(url, headers={"Authorization": "Bearer pkm_abcdefgh_" + "x" * 43})  # noqa: S310
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(refused, timeout=30)  # noqa: S310
    assert error.value.code == 401
    assert json.loads(error.value.read())["code"] == "invalid_token"


def test_a_prefix_already_taken_is_drawn_again(network, monkeypatch):
    from metrics.api_tokens import token_new
    from metrics.services import tokens

    first, _secret = issue(network.ngo_coordinator, network.ngo)
    draws = iter([(f"{first.prefix}_{'a' * 43}", first.prefix), token_new()])
    monkeypatch.setattr(tokens, "token_new", lambda: next(draws))
    second, secret = issue(network.ngo_coordinator, network.ngo, name="Toinen")
    assert second.prefix != first.prefix
    assert secret.startswith(second.prefix + "_")


def test_a_coordinator_of_two_organizations_chooses_and_the_county_scope_only_for_the_county(network):
    from tests.factories import MembershipFactory
    from venues.models import Membership

    user = network.county_coordinator
    MembershipFactory(organization=network.ngo, user=user, role=Membership.Role.COORDINATOR)
    client = client_for(user)
    page = client.get(PAGE).content.decode()
    assert "Choose…" in page
    assert network.ngo.name in page
    refused = client.post(PAGE, {"name": "x", "organization": network.ngo.pk, "scope": "county"})
    assert refused.status_code == 400
    assert "Only a wellbeing services county&#x27;s own organization" in refused.content.decode()
    assert not ApiToken.objects.exists()
    made = client.post(PAGE, {"name": "MLL", "organization": network.ngo.pk, "scope": "organization"})
    assert made.status_code == 201
    assert ApiToken.objects.get().organization == network.ngo
