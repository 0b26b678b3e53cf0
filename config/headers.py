"""Headers every response carries, and those that keep signed-in pages out of shared caches."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

# The site uses none of these browser features; saying so stops any script from asking.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


# The open data, which anyone may build on from a browser: the read-only API and the CSV files.
# Neither reads cookies or shows anything private, so any origin may read them.
OPEN_TO_EVERY_ORIGIN = ("api-v1:", "opendata:download")


class SiteHeaders:
    """Permissions-Policy on every response; `Cache-Control: private, no-store` on every
    response to a signed-in user, so that after signing out on a shared computer, Back shows
    no internal update and no proxy or browser cache keeps one. The open data says any
    site may read it (`Access-Control-Allow-Origin: *`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        match = getattr(request, "resolver_match", None)
        if match is not None and match.view_name.startswith(OPEN_TO_EVERY_ORIGIN):
            response.setdefault("Access-Control-Allow-Origin", "*")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
