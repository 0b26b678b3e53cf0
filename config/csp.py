"""The one inline script the site runs, and the Content-Security-Policy hash that allows it.

GOV.UK Frontend's page template marks the body as able to run JavaScript before anything
paints, so components do not jump. The policy allows exactly this text by its SHA-256 hash
rather than by a nonce: a nonce changes on every request, which would stop a cached page
being served again (see config/page_cache.py). Both the page and the policy are made from
the one constant below, so they cannot drift apart.
"""

import base64
import hashlib

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


def inline_scripts(request: HttpRequest) -> dict[str, str]:
    """Context processor: the inline script, ready to go between <script> tags unescaped."""
    return {"govuk_js_enabled": mark_safe(GOVUK_JS_ENABLED)}
