"""The requests the site's views are given, as the type checker should see them: the public
pages and the officers' pages alike."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxRequest(HttpRequest):
    """A request through django-htmx's middleware (config/settings.py), which says whether htmx
    asked for it (a fragment) and whether it restores a page from the browser's history."""

    htmx: HtmxDetails


class SignedInRequest(HtmxRequest):
    """A request to a view behind login_required: someone has signed in."""

    user: User
