"""The request the public pages are given, as the type checker should see it."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxRequest(HttpRequest):
    """A request through django-htmx's middleware (config/settings.py), which says whether htmx
    asked for it (a fragment) and whether it restores a page from the browser's history."""

    htmx: HtmxDetails
