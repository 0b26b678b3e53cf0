"""
WSGI config for config project.

It exposes the WSGI callable as a module-level variable named ``application``.

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

django_application = get_wsgi_application()

from config.page_cache import CachedPagesFirst  # noqa: E402 (needs the settings set up)

# Public pages already in the cache are served before Django handles the request.
application = CachedPagesFirst(django_application)
