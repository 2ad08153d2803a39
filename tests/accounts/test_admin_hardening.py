"""The admin cannot be forced or escalated.

- `/<lang>/admin/login/` counts failed logins in allauth's limits (five per address): after them,
  even the right password is refused, on the admin page and on allauth's page alike. Before the
  fix the admin's login had no limit at all.
- A staff user who holds `change_user` (and `view_user`) cannot make themselves superuser, staff of
  others, or give themselves groups or permissions by posting the user form, and cannot open,
  change or reset the password of a superuser.
"""

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "oikea-salasana-123"
ADMIN_LOGIN = "/en/admin/login/"


@pytest.fixture
def staff():
    user = UserFactory(email="staff@example.fi", is_staff=True, password=PASSWORD)
    user.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="accounts", codename__in=["change_user", "view_user"]
        )
    )
    return user


@pytest.fixture
def as_staff(staff):
    client = Client()
    client.force_login(staff)
    return client


def admin_login(client: Client, password: str):
    return client.post(
        ADMIN_LOGIN, {"username": "staff@example.fi", "password": password, "next": "/en/admin/"}
    )


def test_the_admin_login_works_with_the_right_password(staff):
    client = Client()
    response = admin_login(client, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/en/admin/"


def test_the_admin_login_stops_after_five_failures(staff):
    client = Client()
    for _ in range(5):
        failed = admin_login(client, "väärä")
        assert failed.status_code == 200
        assert "Please enter the correct email address and password" in failed.content.decode()
    refused = admin_login(client, PASSWORD)
    assert refused.status_code == 200, "the sixth attempt must not log in, even with the right password"
    assert "Too many failed login attempts" in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_on_allauths_page_count_on_the_admin_login_too(staff):
    client = Client()
    for _ in range(5):
        client.post("/en/accounts/login/", {"login": "staff@example.fi", "password": "väärä"})
    refused = admin_login(client, PASSWORD)
    assert refused.status_code == 200
    assert "_auth_user_id" not in client.session


def escalation_post(user: User) -> dict:
    every_permission = list(Permission.objects.values_list("pk", flat=True))
    group = Group.objects.create(name="Kaikki")
    group.permissions.set(every_permission)
    return {
        "email": user.email,
        "first_name": "Staff",
        "last_name": "User",
        "preferred_language": "fi",
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "groups": [str(group.pk)],
        "user_permissions": [str(pk) for pk in every_permission],
    }


def test_staff_with_change_user_cannot_escalate_by_posting_the_form(as_staff, staff):
    url = f"/en/admin/accounts/user/{staff.pk}/change/"
    page = as_staff.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    for field in ("is_superuser", "is_staff", "groups", "user_permissions"):
        assert f'name="{field}"' not in html, field
    permissions_before = set(staff.user_permissions.values_list("pk", flat=True))

    response = as_staff.post(url, escalation_post(staff))

    assert response.status_code == 302  # saved: the other fields were accepted
    staff.refresh_from_db()
    assert staff.first_name == "Staff"
    assert not staff.is_superuser
    assert list(staff.groups.all()) == []
    assert set(staff.user_permissions.values_list("pk", flat=True)) == permissions_before


def test_staff_cannot_make_another_user_staff(as_staff):
    other = UserFactory(email="other@example.fi")
    response = as_staff.post(f"/en/admin/accounts/user/{other.pk}/change/", escalation_post(other))
    assert response.status_code == 302
    other.refresh_from_db()
    assert (other.is_staff, other.is_superuser) == (False, False)
    assert other.user_permissions.count() == 0


def test_staff_cannot_touch_a_superuser(as_staff):
    boss = UserFactory(email="boss@example.fi", is_staff=True, is_superuser=True, password=PASSWORD)
    listing = as_staff.get("/en/admin/accounts/user/")
    assert listing.status_code == 200
    assert "boss@example.fi" not in listing.content.decode()
    assert "is_superuser" not in listing.content.decode()  # no filter by it either
    change = as_staff.post(
        f"/en/admin/accounts/user/{boss.pk}/change/", {"email": "hijacked@example.fi", "is_active": ""}
    )
    assert change.status_code in (302, 404)
    password = as_staff.post(
        f"/en/admin/accounts/user/{boss.pk}/password/",
        {"password1": "uusi-salasana-456", "password2": "uusi-salasana-456"},
    )
    assert password.status_code == 404
    boss.refresh_from_db()
    assert boss.email == "boss@example.fi"
    assert boss.is_active
    assert boss.check_password(PASSWORD)


def test_a_superuser_still_sees_and_sets_privileges(staff):
    boss = UserFactory(email="boss@example.fi", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(boss)
    url = f"/en/admin/accounts/user/{staff.pk}/change/"
    assert 'name="is_superuser"' in client.get(url).content.decode()
    response = client.post(url, escalation_post(staff))
    assert response.status_code == 302
    staff.refresh_from_db()
    assert staff.is_superuser


def test_permission_groups_are_for_superusers_only(as_staff, staff):
    staff.user_permissions.add(*Permission.objects.filter(codename__in=["change_group", "view_group"]))
    group = Group.objects.create(name="Omat")
    staff.groups.add(group)
    assert as_staff.get(f"/en/admin/auth/group/{group.pk}/change/").status_code in (302, 403, 404)
    as_staff.post(
        f"/en/admin/auth/group/{group.pk}/change/",
        {"name": "Omat", "permissions": [str(pk) for pk in Permission.objects.values_list("pk", flat=True)]},
    )
    assert group.permissions.count() == 0
