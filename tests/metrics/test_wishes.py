"""Wishes: the public form, counted for coordinators by area, answered by linking a new group."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from metrics.models import Wish
from metrics.selectors_voice import wish_buckets
from metrics.services.feedback import voice_purge
from tests.factories import GroupFactory, MembershipFactory
from venues.models import Membership

pytestmark = pytest.mark.django_db


def post_wish(client=None, **data):
    form = {
        "topic": "baby_massage",
        "language": "fi",
        "municipality": "853",
        "age": "under_1",
        "text": "",
        "email": "",
    }
    return (client or Client()).post("/fi/wishes/", {**form, **data})


def test_the_form_is_linked_from_the_footer_and_saves_a_wish(network):
    home = Client().get("/fi/wishes/")
    assert home.status_code == 200
    assert 'href="/fi/wishes/"' in home.content.decode()
    response = post_wish(text="<script>x</script>Vauvahieronta iltaisin", email="perhe@example.fi")
    assert response.status_code == 302
    wish = Wish.objects.get()
    assert (wish.topic, wish.municipality.code, wish.age, wish.language) == (
        "baby_massage",
        "853",
        "under_1",
        "fi",
    )
    assert wish.text == "xVauvahieronta iltaisin"  # tags stripped
    assert wish.reply_language == "fi"


@pytest.mark.parametrize(
    ("data", "field"),
    [({"topic": "nope"}, "topic"), ({"email": "not-an-email"}, "email"), ({"text": "x" * 1001}, "text")],
)
def test_bad_wishes_are_refused_with_a_reason(network, data, field):
    response = post_wish(**data)
    assert response.status_code == 400
    assert not Wish.objects.exists()


def test_bots_filling_the_hidden_field_are_refused(network):
    assert post_wish(website="http://spam.invalid").status_code == 400
    assert not Wish.objects.exists()


def test_wishes_are_rate_limited(network, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "wish": "2/h/ip"}
    client = Client()
    assert [post_wish(client).status_code for _ in range(3)] == [302, 302, 429]


def test_coordinators_see_them_grouped_and_counted(network):
    for _ in range(3):
        post_wish()
    post_wish(municipality="734")
    post_wish(municipality="091")  # outside the county
    county = {(b.topic, b.municipality): b.count for b in wish_buckets(actor=network.county_coordinator)}
    # The county organization is network-wide: it sees every wish.
    assert county[("baby_massage", "Turku")] == 3
    assert county[("baby_massage", "Salo")] == 1
    ngo = {(b.topic, b.municipality): b.count for b in wish_buckets(actor=network.ngo_coordinator)}
    assert ngo == {("baby_massage", "Turku"): 3}  # the NGO's own municipality
    assert wish_buckets(actor=network.ngo_leader) is None  # leaders: no wishes section
    page = Client()
    page.force_login(network.ngo_coordinator)
    html = page.get("/en/leader/metrics/", {"start": "2026-05", "end": "2026-06"}).content.decode()
    assert "What families are missing" in html


def test_answering_links_the_group_tells_the_family_once_and_forgets_the_address(
    network, django_capture_on_commit_callbacks
):
    post_wish(email="perhe@example.fi")
    post_wish()
    group = GroupFactory(organization=network.ngo, title_fi="Vauvahieronta Turku")
    client = Client()
    client.force_login(network.ngo_coordinator)
    ids = ",".join(str(pk) for pk in Wish.objects.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/leader/metrics/wishes/answer/", {"wish": ids, "group": group.slug})
    assert response.status_code == 302
    assert set(Wish.objects.values_list("answered_group", flat=True)) == {group.pk}
    assert len(mail.outbox) == 1
    assert "Vauvahieronta Turku" in mail.outbox[0].subject
    assert f"/fi/groups/{group.slug}/" in mail.outbox[0].body
    assert not Wish.objects.exclude(email="").exists()


def test_only_a_coordinator_of_the_groups_organization_answers(network):
    post_wish()
    other_group = GroupFactory()
    client = Client()
    client.force_login(network.ngo_coordinator)
    ids = str(Wish.objects.get().pk)
    client.post("/en/leader/metrics/wishes/answer/", {"wish": ids, "group": other_group.slug})
    assert Wish.objects.get().answered_group is None
    leader = MembershipFactory(organization=network.ngo, role=Membership.Role.LEADER).user
    as_leader = Client()
    as_leader.force_login(leader)
    as_leader.post(
        "/en/leader/metrics/wishes/answer/",
        {"wish": ids, "group": GroupFactory(organization=network.ngo).slug},
    )
    assert Wish.objects.get().answered_group is None


def test_purge_keeps_the_counts(network):
    post_wish(text="Iltaisin", email="perhe@example.fi")
    later = timezone.now() + dt.timedelta(days=91)
    assert voice_purge(now=later, retention_days=90) == (0, 1)
    wish = Wish.objects.get()
    assert (wish.text, wish.email, wish.topic) == ("", "", "baby_massage")
    assert voice_purge(now=later, retention_days=90) == (0, 0)
