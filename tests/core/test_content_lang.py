"""Text in another language than the page's is marked with its `lang` (modeltranslation fallbacks)."""

import re

import pytest
from django.template import Context, Template
from django.utils import translation

from events.models import Group
from tests.factories import GroupFactory, SessionFactory

pytestmark = pytest.mark.django_db


def render(obj, field):
    return Template('{% load content_lang %}<p{{ obj|lang_of:"' + field + '" }}>x</p>').render(
        Context({"obj": obj})
    )


def test_the_attribute_names_the_fallback_language_only():
    finnish_only = GroupFactory(title_fi="Vauvaryhmä", title_sv="")
    both = GroupFactory(title_fi="Vauvaryhmä", title_sv="Babygrupp")
    with translation.override("sv"):
        assert render(finnish_only, "title") == '<p lang="fi">x</p>'
        assert render(both, "title") == "<p>x</p>"
    with translation.override("fi"):
        assert render(finnish_only, "title") == "<p>x</p>"
    with translation.override("en"):
        assert render(finnish_only, "title") == '<p lang="fi">x</p>'


def test_a_column_not_loaded_is_not_queried(django_assert_num_queries):
    GroupFactory(title_fi="Vauvaryhmä", title_sv="")
    group = Group.objects.only("pk").get()
    with translation.override("sv"), django_assert_num_queries(0):
        assert render(group, "title") == "<p>x</p>"


def test_swedish_pages_mark_finnish_only_titles(client):
    session = SessionFactory(group__title_fi="Vauvahieronta", group__title_sv="")
    swedish = SessionFactory(group__title_fi="Perhekahvila", group__title_sv="Familjecafé")
    group_page = client.get(f"/sv/groups/{session.group.slug}/").content.decode()
    assert re.search(r'<h1 lang="fi">\s*Vauvahieronta', group_page)
    session_page = client.get(f"/sv/sessions/{session.pk}/").content.decode()
    assert re.search(r'<h1 lang="fi">', session_page)
    other = client.get(f"/sv/sessions/{swedish.pk}/").content.decode()
    assert "<h1>Familjecafé" in other
    search = client.get("/sv/").content.decode()
    assert re.search(r'lang="fi">Vauvahieronta</a>', search)
    assert not re.search(r'lang="fi">Familjecafé', search)
    finnish = client.get(f"/fi/groups/{session.group.slug}/").content.decode()
    assert '<h1 lang="fi">' not in finnish
