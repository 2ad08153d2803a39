"""Workspace views for leaders and coordinators. Thin: parse, call, render."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from venues.selectors import membership_list_for_user


@login_required
def workspace_home(request: HttpRequest) -> HttpResponse:
    return render(
        request, "venues/workspace/home.html", {"memberships": membership_list_for_user(actor=request.user)}
    )
