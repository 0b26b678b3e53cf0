"""The one inline script and the one inline style the site runs, and the hashes that allow them.

GOV.UK Frontend's page template marks the body as able to run JavaScript before anything
paints, so components do not jump. The policy allows exactly this text by its SHA-256 hash
rather than by a nonce: a nonce changes on every request, which would stop a cached page
being served again (see config/page_cache.py). Both the page and the policy are made from
the one constant below, so they cannot drift apart.
"""

import base64
import hashlib

from django.conf import settings
from django.http import HttpRequest
from django.utils.safestring import mark_safe

GOVUK_JS_ENABLED = (
    "document.body.className += ' js-enabled' + "
    "('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');"
)


def source_hash(script: str) -> str:
    """The CSP source expression for this exact inline script."""
    digest = hashlib.sha256(script.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


GOVUK_JS_ENABLED_HASH = source_hash(GOVUK_JS_ENABLED)


def site_url_style(site_url: str) -> str:
    """The inline style giving the print stylesheet the site's address, as a CSS string.

    A printed page writes each link's whole address after it (frontend/application.scss):
    a link to a path on this site prints as this address followed by the path. The address
    is SITE_URL, like every other link the site sends away, never the request's Host header.
    Quotes and backslashes are escaped, and "<" too, so the text cannot close its element.
    """
    text = site_url.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return f':root{{--app-site-url:"{text}"}}'


def inline_scripts(request: HttpRequest) -> dict[str, str]:
    """Context processor: the inline script and style, ready to go between their tags unescaped."""
    return {
        "govuk_js_enabled": mark_safe(GOVUK_JS_ENABLED),
        "site_url_style": mark_safe(settings.SITE_URL_STYLE),
    }
