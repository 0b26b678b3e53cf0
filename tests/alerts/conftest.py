import pytest


@pytest.fixture(autouse=True)
def _site_address(settings):
    """The address links, feed ids and calendar UIDs are made from, whatever the environment."""
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.SITE_HOST = "127.0.0.1"
