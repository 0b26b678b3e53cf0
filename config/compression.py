"""Pages sent gzip-compressed, except those that carry a CSRF token.

HTML compresses to about a sixth, which is most of the wait on a slow phone. A page that
holds a secret (the CSRF token in a form) beside words an attacker can put in it (a search
term) is never compressed: the compressed length would leak the secret (BREACH). Django sets
CSRF_COOKIE_NEEDS_UPDATE whenever a page asks for the token, and sends a CSRF cookie when it
makes one, so either marks such a page.

The page cache (config/page_cache.py) stores each public page compressed, and unpacks it for
the rare client that does not accept gzip.
"""

from __future__ import annotations

import gzip
import re

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware
from django.utils.text import compress_string

ACCEPTS_GZIP = re.compile(r"\bgzip\b")
# Text the site sends; images and PDFs are compressed already.
COMPRESSIBLE = re.compile(
    r"^(text/|application/(json|xml|atom\+xml|javascript|ld\+json|problem\+json)|image/svg)"
)
MAX_RANDOM_BYTES = GZipMiddleware.max_random_bytes


def accepts_gzip(request: HttpRequest) -> bool:
    return bool(ACCEPTS_GZIP.search(request.META.get("HTTP_ACCEPT_ENCODING", "")))


def carries_csrf_token(request: HttpRequest, response: HttpResponseBase) -> bool:
    return bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE")) or (
        settings.CSRF_COOKIE_NAME in response.cookies
    )


def compressible(response: HttpResponseBase) -> bool:
    return bool(COMPRESSIBLE.match(response.get("Content-Type", ""))) and not (
        response.has_header("Content-Encoding")
    )


def gzipped(content: bytes) -> bytes:
    return compress_string(content, max_random_bytes=MAX_RANDOM_BYTES)


def gunzipped(content: bytes) -> bytes:
    return gzip.decompress(content)


class CompressPages(GZipMiddleware):
    """Django's gzip middleware (with its random padding against length attacks), for text
    only, and never for a response carrying a CSRF token."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if carries_csrf_token(request, response) or not compressible(response):
            return response
        return super().process_response(request, response)
