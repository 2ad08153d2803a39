"""The language contract: /<lang>/ prefixes, / picks by Accept-Language, default fi."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [("", "/fi/"), ("sv-FI,sv;q=0.9", "/sv/"), ("en-GB,en;q=0.8", "/en/"), ("de-DE", "/fi/")],
)
def test_root_redirects_by_accept_language(client, accept_language, expected):
    response = client.get("/", headers={"accept-language": accept_language} if accept_language else {})
    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.parametrize(
    ("lang", "phrase"),
    [
        ("fi", "Siirry sisältöön"),
        ("sv", "Hoppa till innehållet"),
        ("en", "Skip to content"),
    ],
)
def test_home_answers_in_its_language(client, lang, phrase):
    response = client.get(f"/{lang}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert f'<html lang="{lang}">' in body
    assert phrase in body


def test_language_switcher_keeps_the_current_page(client):
    response = client.get("/fi/accounts/login/?next=/fi/leader/")
    body = response.content.decode()
    assert 'href="/sv/accounts/login/?next=/fi/leader/"' in body
    assert 'href="/en/accounts/login/?next=/fi/leader/"' in body


def test_healthz_is_unprefixed(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
