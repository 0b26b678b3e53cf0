"""Pages arrive compressed (a sixth of their size on a slow phone), except those carrying a
CSRF token (BREACH); the open data may be read from any site's scripts."""

import gzip

import pytest

from tests.test_page_cache import serve

pytestmark = pytest.mark.django_db

GZIP = {"accept-encoding": "gzip, deflate, br"}


def test_the_areas_page_arrives_compressed_and_unpacks_to_the_same_page(client):
    plain = client.get("/areas/")
    packed = client.get("/areas/", headers=GZIP)

    assert packed.status_code == 200 and packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 5
    assert int(packed["Content-Length"]) == len(packed.content)


@pytest.mark.parametrize("url", ["/", "/areas/", "/areas/luton/", "/api/v1/areas/"])
def test_a_stored_page_is_kept_compressed_and_unpacked_for_a_client_without_gzip(client, url):
    first = client.get(url)  # rendered for a client that did not ask for gzip
    assert "Content-Encoding" not in first

    again = client.get(url, headers=GZIP)
    assert (again["X-Page-Cache"], again["Content-Encoding"]) == ("hit", "gzip")
    assert gzip.decompress(again.content) == first.content

    plain = client.get(url)
    assert plain["X-Page-Cache"] == "hit" and "Content-Encoding" not in plain
    assert plain.content == first.content
    assert int(plain["Content-Length"]) == len(plain.content)


def test_the_server_answers_a_stored_page_compressed_without_django(client):
    first = client.get("/areas/", headers=GZIP)
    status, headers, body, django_started = serve("/areas/", HTTP_ACCEPT_ENCODING="gzip")

    assert (status, headers["X-Page-Cache"], django_started) == (200, "hit", 0)
    assert headers["Content-Encoding"] == "gzip" and "Accept-Encoding" in headers["Vary"]
    assert gzip.decompress(body) == gzip.decompress(first.content)
    status, headers, _, _ = serve("/areas/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert status == 304 and "Accept-Encoding" in headers["Vary"]


@pytest.mark.parametrize(
    "url", ["/areas/luton/alerts/", "/areas/luton/report-a-mistake/", "/accounts/login/"]
)
def test_a_page_carrying_a_csrf_token_is_never_compressed(client, url):
    response = client.get(url, headers=GZIP)
    assert response.status_code == 200 and "csrfmiddlewaretoken" in response.text
    assert "Content-Encoding" not in response


def test_a_csv_file_arrives_compressed(client):
    response = client.get("/data/areas.csv", headers=GZIP)
    assert response["Content-Encoding"] == "gzip"
    text = gzip.decompress(b"".join(response.streaming_content)).decode("utf-8-sig")
    assert text.startswith("area_slug,area_name,") and "\r\nluton,Luton," in text


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/areas/",
        "/api/v1/areas/luton/",
        "/api/v1/weaknesses/?verdict=none",
        "/api/v1/openapi.json",
        "/data/areas.csv",
        "/data/findings.csv",
    ],
)
def test_the_api_and_the_csv_files_may_be_read_from_any_site(client, url):
    first, stored = client.get(url), client.get(url)
    assert first.status_code == 200
    assert first["Access-Control-Allow-Origin"] == stored["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("url", ["/areas/", "/areas/luton/", "/data/", "/areas/luton/alerts/"])
def test_pages_are_not_opened_to_other_sites(client, url):
    assert "Access-Control-Allow-Origin" not in client.get(url)
