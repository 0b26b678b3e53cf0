"""The address of the person asking, as the site's trusted proxies report it.

Behind a reverse proxy (the README recommends nginx) every request arrives from the proxy's
address, so limits keyed on it would be one limit for everyone: five sign-ups an hour from
anyone would switch sign-ups off for all, and five wrong passwords would lock an account for
all. `TRUSTED_PROXIES` says how many proxies stand in front of the site; each appends the
address it was reached from to X-Forwarded-For, so the client is the entry that many places
from the end. Entries further left were written by the client and are never believed.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    connected = str(request.META.get("REMOTE_ADDR", ""))
    proxies = settings.TRUSTED_PROXIES
    if not proxies:
        return connected
    forwarded = [
        part.strip()
        for part in str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        # Fewer hops than configured: the request did not come through every proxy.
        return connected
    return forwarded[-proxies]
