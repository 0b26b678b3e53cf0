"""Limits on the public forms and on sign-in: per person behind the proxy, shared by every
worker, and polite when the cache server is down."""

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse

from areas.models import MistakeReport
from limits.clients import client_address
from limits.models import Tally

pytestmark = pytest.mark.django_db

MISTAKE = "/areas/luton/report-a-mistake/"
SUBSCRIBE = "/areas/central-bedfordshire/alerts/"
REPORT = {"what_is_wrong": "The revisit was in October 2022, not November.", "email": ""}
PROXY = "10.0.0.2"  # where nginx connects from


def through_proxy(address: str) -> Client:
    """A browser at `address`, reaching the site through one nginx that appends what it saw."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)


def refused(response) -> bool:
    return response.status_code == 400 and "try again later" in response.content.decode()


def test_behind_the_proxy_each_person_has_their_own_mistake_report_limit(settings):
    settings.TRUSTED_PROXIES = 1
    first, second = through_proxy("203.0.113.5"), through_proxy("198.51.100.7")
    for _ in range(5):
        assert first.post(MISTAKE, REPORT).status_code == 302
    assert refused(first.post(MISTAKE, REPORT))
    assert second.post(MISTAKE, REPORT).status_code == 302
    assert MistakeReport.objects.count() == 6


def test_behind_the_proxy_each_person_has_their_own_sign_up_limit(settings):
    settings.TRUSTED_PROXIES = 1
    first, second = through_proxy("203.0.113.5"), through_proxy("198.51.100.7")
    for n in range(5):
        assert first.post(SUBSCRIBE, {"email": f"parent{n}@example.org"}).status_code == 302
    assert refused(first.post(SUBSCRIBE, {"email": "parent9@example.org"}))
    assert second.post(SUBSCRIBE, {"email": "carer@example.org"}).status_code == 302


def test_without_a_trusted_proxy_a_forwarded_address_is_not_believed(settings):
    settings.TRUSTED_PROXIES = 0
    for n in range(5):
        client = Client(HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
        assert client.post(MISTAKE, REPORT).status_code == 302
    assert refused(Client(HTTP_X_FORWARDED_FOR="192.0.2.99").post(MISTAKE, REPORT))


def test_an_address_the_client_wrote_itself_is_never_believed(rf, settings):
    settings.TRUSTED_PROXIES = 1
    request = rf.get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5")
    assert client_address(request) == "203.0.113.5"
    settings.TRUSTED_PROXIES = 2  # more proxies configured than the request passed through
    assert client_address(rf.get("/", REMOTE_ADDR=PROXY)) == PROXY


def test_the_count_is_shared_by_every_worker(settings):
    """Each worker process has its own memory: a count kept there let each of two workers
    accept the documented five. Forgetting every cache between requests (as another worker
    would) must not reset the count."""
    client = Client()
    for _ in range(5):
        assert client.post(MISTAKE, REPORT).status_code == 302
        for alias in settings.CACHES:
            caches[alias].clear()
    assert refused(client.post(MISTAKE, REPORT))
    assert Tally.objects.get(key__startswith="mistake-reports:").count == 6


def test_with_the_cache_server_down_the_forms_still_answer(settings):
    down = {"BACKEND": "django.core.cache.backends.redis.RedisCache"}
    settings.CACHES = {
        alias: {**down, "LOCATION": "redis://127.0.0.1:9/0"} for alias in ("default", "pages")
    }
    client = Client()
    assert client.post(SUBSCRIBE, {"email": "parent@example.org"}).status_code == 302
    assert client.post(MISTAKE, REPORT).status_code == 302


def test_behind_the_proxy_wrong_passwords_lock_out_only_the_one_who_typed_them(
    settings, django_user_model
):
    settings.TRUSTED_PROXIES = 1
    django_user_model.objects.create_user("olivia", password="pw-for-tests-1")
    guesser, olivia = through_proxy("203.0.113.5"), through_proxy("198.51.100.7")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        guesser.post(reverse("login"), {"username": "olivia", "password": "wrong"})
    locked = guesser.post(reverse("login"), {"username": "olivia", "password": "pw-for-tests-1"})
    assert locked.status_code == 429
    signed_in = olivia.post(reverse("login"), {"username": "olivia", "password": "pw-for-tests-1"})
    assert signed_in.status_code == 302
