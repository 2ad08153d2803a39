"""Template context shared by every page: the language switcher's links."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language


def site(request: HttpRequest) -> dict:
    current = get_language()
    path = request.get_full_path()
    # translate_url keeps the query string, so the switcher keeps the current page.
    languages = [
        {"code": code, "name": name, "url": translate_url(path, code), "current": code == current}
        for code, name in settings.LANGUAGES
    ]
    return {"language_links": languages, "SITE_URL": settings.SITE_URL}
