"""The leader's home, /<lang>/leader/ (URL name `workspace:home`): my week and the alerts. Thin.

It lives in bookings because it shows sign-ups; config/urls.py puts it first in the
workspace's namespace so every template's `{% url 'workspace:home' %}` keeps working.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from bookings.selectors_home import leader_home_get


@login_required
@require_safe
def leader_home(request: HttpRequest) -> HttpResponse:
    home = leader_home_get(actor=request.user)
    return render(
        request,
        "bookings/workspace/home.html",
        {
            "home": home,
            "memberships": home.memberships,
            "week_sections": [(_("This week"), home.this_week), (_("Next week"), home.next_week)],
        },
    )
