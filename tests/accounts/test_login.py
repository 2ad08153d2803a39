"""Staff accounts through allauth's real pages: sign-up, email verification, password and code login.

Everything goes over HTTP with the test client under /fi/accounts/…, so the URLs,
the settings in config/settings.py and allauth's flows are tested together. The
expected Finnish strings come from allauth's own fi catalog.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist
from django.test import Client, override_settings

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # UserFactory's password
NEW_PASSWORD = "kesäinen-perhekahvila-42"
# allauth's codes: eight letters and digits, shown as two dashed halves ("BCDF-2345").
CODE = re.compile(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", re.M)
TOO_MANY = "Liian monta virheellistä kirjautumisyritystä. Yritä myöhemmin uudelleen."


def logged_in_user_id(client: Client) -> int | None:
    user_id = client.session.get(SESSION_KEY)
    return int(user_id) if user_id is not None else None


def code_in(message) -> str:
    match = CODE.search(message.body)
    assert match, message.body
    return match.group(1)


def password_login(client: Client, email: str, password: str, lang: str = "fi"):
    return client.post(f"/{lang}/accounts/login/", {"login": email, "password": password})


# --- No usernames ---------------------------------------------------------------


def test_users_have_no_username_field():
    with pytest.raises(FieldDoesNotExist):
        User._meta.get_field("username")
    assert User.USERNAME_FIELD == "email"


def test_sign_up_and_login_forms_ask_for_email_not_username(client):
    signup = client.get("/fi/accounts/signup/").content.decode()
    login = client.get("/fi/accounts/login/").content.decode()
    assert 'name="email"' in signup
    assert 'name="username"' not in signup
    assert 'type="email" name="login"' in login
    assert 'name="username"' not in login


# --- Sign-up with mandatory verification -------------------------------------------


def test_sign_up_sends_a_verification_code_and_logs_in_only_after_it(client, mailoutbox):
    response = client.post(
        "/fi/accounts/signup/",
        {"email": "ohjaaja@example.fi", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == "/fi/accounts/confirm-email/"
    user = User.objects.get(email="ohjaaja@example.fi")
    assert not EmailAddress.objects.get(user=user).verified
    assert logged_in_user_id(client) is None
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["ohjaaja@example.fi"]

    # Mandatory verification: the right password is not enough yet. Within allauth's
    # 10-second cooldown between verification codes the login form refuses outright…
    other_device = Client()
    response = password_login(other_device, "ohjaaja@example.fi", NEW_PASSWORD)
    assert response.status_code == 200
    assert TOO_MANY in response.content.decode()
    assert logged_in_user_id(other_device) is None
    # …and after it (clearing the counters stands in for the wait) it sends a new code
    # and asks for it, still without logging in.
    cache.clear()
    response = password_login(other_device, "ohjaaja@example.fi", NEW_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/fi/accounts/confirm-email/"
    assert logged_in_user_id(other_device) is None
    assert len(mailoutbox) == 2

    # The code from the email verifies the address and completes the login.
    response = client.post("/fi/accounts/confirm-email/", {"code": code_in(mailoutbox[0])})
    assert response.status_code == 302
    assert response["Location"] == "/fi/leader/"
    assert logged_in_user_id(client) == user.pk
    assert EmailAddress.objects.get(user=user).verified

    # From now on the password alone logs in, on any device.
    response = password_login(Client(), "ohjaaja@example.fi", NEW_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/fi/leader/"


def test_a_wrong_verification_code_does_not_verify(client, mailoutbox):
    client.post(
        "/fi/accounts/signup/",
        {"email": "ohjaaja@example.fi", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    wrong = "BCDF-2345" if code_in(mailoutbox[0]) != "BCDF-2345" else "BCDF-2346"

    response = client.post("/fi/accounts/confirm-email/", {"code": wrong})

    assert response.status_code == 200
    assert "Virheellinen koodi." in response.content.decode()
    assert logged_in_user_id(client) is None
    assert not EmailAddress.objects.get(email="ohjaaja@example.fi").verified


# --- Password login -----------------------------------------------------------------


def test_verified_user_logs_in_with_email_and_password(client):
    user = UserFactory()

    response = password_login(client, user.email, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/fi/leader/"
    assert logged_in_user_id(client) == user.pk
    assert client.get("/fi/leader/").status_code == 200


def test_email_is_matched_case_insensitively(client):
    user = UserFactory(email="liisa.virtanen@example.fi")

    password_login(client, "Liisa.Virtanen@Example.FI", PASSWORD)

    assert logged_in_user_id(client) == user.pk


def test_wrong_password_is_refused_in_finnish(client):
    user = UserFactory()

    response = password_login(client, user.email, "wrong-horse-battery")

    assert response.status_code == 200
    assert "Annettu sähköposti tai salasana ei ole oikein." in response.content.decode()
    assert logged_in_user_id(client) is None


# --- Login by code --------------------------------------------------------------------


def test_login_by_code_sends_a_code_that_logs_in(client, mailoutbox):
    user = UserFactory()

    response = client.post("/fi/accounts/login/code/", {"email": user.email})

    assert response.status_code == 302
    assert response["Location"] == "/fi/accounts/login/code/confirm/"
    assert logged_in_user_id(client) is None
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [user.email]
    assert message.subject == "[Perhekeskus] Sisäänkirjautumiskoodi"
    assert "Sisäänkirjautumiskoodisi on listattu alla." in message.body

    response = client.post("/fi/accounts/login/code/confirm/", {"code": code_in(message)})

    assert response.status_code == 302
    assert response["Location"] == "/fi/leader/"
    assert logged_in_user_id(client) == user.pk


def test_a_wrong_login_code_is_refused_and_the_right_one_still_works(client, mailoutbox):
    user = UserFactory()
    client.post("/fi/accounts/login/code/", {"email": user.email})
    code = code_in(mailoutbox[0])
    wrong = "BCDF-2345" if code != "BCDF-2345" else "BCDF-2346"

    response = client.post("/fi/accounts/login/code/confirm/", {"code": wrong})
    assert response.status_code == 200
    assert "Virheellinen koodi." in response.content.decode()
    assert logged_in_user_id(client) is None

    client.post("/fi/accounts/login/code/confirm/", {"code": code})
    assert logged_in_user_id(client) == user.pk


def test_login_code_for_an_unknown_address_reveals_nothing(client, mailoutbox):
    """ACCOUNT_PREVENT_ENUMERATION: same page as for a real user, but the mail holds no code."""
    response = client.post("/fi/accounts/login/code/", {"email": "tuntematon@example.fi"})

    assert response.status_code == 302
    assert response["Location"] == "/fi/accounts/login/code/confirm/"
    assert len(mailoutbox) == 1
    assert not CODE.search(mailoutbox[0].body)


# --- Rate limits (allauth's defaults) -----------------------------------------------------
# "login_failed": 5 failures per email address per 5 minutes (and 10 a minute per IP).
# Past it, allauth refuses the form, even with the right password; the page is a 200
# with the error, not a 429.


def test_five_failed_logins_lock_the_address_even_for_the_right_password(client):
    user = UserFactory()
    for _attempt in range(5):
        response = password_login(client, user.email, "wrong-horse-battery")
        assert TOO_MANY not in response.content.decode()

    response = password_login(client, user.email, PASSWORD)

    assert response.status_code == 200
    assert TOO_MANY in response.content.decode()
    assert logged_in_user_id(client) is None


def test_four_failed_logins_do_not_lock(client):
    """The control for the test above: the limit is the fifth failure, not any failure."""
    user = UserFactory()
    for _attempt in range(4):
        password_login(client, user.email, "wrong-horse-battery")

    password_login(client, user.email, PASSWORD)

    assert logged_in_user_id(client) == user.pk


def test_the_lock_is_per_address(client):
    locked, other = UserFactory(), UserFactory()
    for _attempt in range(5):
        password_login(client, locked.email, "wrong-horse-battery")

    password_login(client, other.email, PASSWORD)

    assert logged_in_user_id(client) == other.pk


@pytest.mark.parametrize(("proxy_count", "family_gets_in"), [(1, True), (0, False)])
def test_behind_a_proxy_the_ip_limit_counts_the_forwarded_client(proxy_count, family_gets_in):
    """With ALLAUTH_TRUSTED_PROXY_COUNT=0 every visitor shares the proxy's address, so one
    guesser (10 failures a minute) locks everyone out; with 1 only the guesser is locked."""
    user = UserFactory()
    guesser, family = Client(), Client()
    with override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=proxy_count):
        for n in range(10):
            guesser.post(
                "/fi/accounts/login/",
                {"login": f"arvaus{n}@example.fi", "password": "wrong-horse-battery"},
                headers={"x-forwarded-for": "198.51.100.7"},
            )
        refused = guesser.post(
            "/fi/accounts/login/",
            {"login": user.email, "password": PASSWORD},
            headers={"x-forwarded-for": "198.51.100.7"},
        )
        family.post(
            "/fi/accounts/login/",
            {"login": user.email, "password": PASSWORD},
            headers={"x-forwarded-for": "203.0.113.5"},
        )

    assert TOO_MANY in refused.content.decode()
    assert (logged_in_user_id(family) == user.pk) is family_gets_in


@override_settings(ACCOUNT_RATE_LIMITS={"login": "2/m/ip"})
def test_too_many_login_posts_from_one_address_get_429(client):
    """The per-IP "login" limit (default 30 a minute) answers 429 Too Many Requests."""
    user = UserFactory()
    assert password_login(client, user.email, "wrong-horse-battery").status_code == 200
    assert password_login(client, user.email, "wrong-horse-battery").status_code == 200

    response = password_login(client, user.email, PASSWORD)

    assert response.status_code == 429
    assert logged_in_user_id(client) is None


# --- Emails in the language of the page ------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "subject", "sentence"),
    [
        ("fi", "Vahvista sähköpostiosoitteesi", "Sähköpostin vahvistuskoodisi on listattu alla."),
        ("sv", "Vänligen bekräfta din epost-adress", "Din epost-verifieringskod anges nedan."),
        ("en", "Please Confirm Your Email Address", "Your email verification code is listed below."),
    ],
)
def test_verification_email_is_in_the_language_of_the_page(client, mailoutbox, lang, subject, sentence):
    client.post(
        f"/{lang}/accounts/signup/",
        {"email": "ohjaaja@example.fi", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == f"[Perhekeskus] {subject}"
    assert sentence in mailoutbox[0].body
