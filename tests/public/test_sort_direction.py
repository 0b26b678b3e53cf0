"""The area list's sorted column says which way it is sorted, and sorting keeps your place."""

import re

import pytest

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def header(page: str, key: str) -> tuple[str, str]:
    found = re.search(
        rf'<th scope="col" class="govuk-table__header" aria-sort="(\w+)">\s*<a [^>]*id="sort-{key}"[^>]*>(.*?)</a>',
        page,
    )
    assert found, f"no header for {key}"
    return found[1], found[2]


def test_the_sorted_column_has_aria_sort_and_an_arrow(client):
    page = client.get("/areas/", {"sort": "region"}).text
    assert header(page, "region") == ("ascending", 'Region <span aria-hidden="true">▲</span>')
    assert header(page, "name") == ("none", "Area")
    page = client.get("/areas/", {"sort": "-region"}).text
    assert header(page, "region") == ("descending", 'Region <span aria-hidden="true">▼</span>')


def test_the_default_order_is_by_name_and_says_so(client):
    page = client.get("/areas/").text
    assert header(page, "name") == ("ascending", 'Area <span aria-hidden="true">▲</span>')
    assert "local areas found, sorted by area, ascending</p>" in page


def test_each_sort_link_comes_back_to_itself_without_javascript(client):
    page = client.get("/areas/").text
    assert 'id="sort-next" href="?sort=next#sort-next"' in page
    assert 'id="sort-name" href="?sort=-name#sort-name"' in page  # the other way next


def test_an_htmx_sort_announces_the_new_order(client):
    response = client.get("/areas/", {"sort": "-next"}, headers=HTMX)
    assert "<html" not in response.text
    assert re.search(
        r'<p id="area-status" role="status" class="govuk-visually-hidden" hx-swap-oob="innerHTML">'
        r"\d+ local areas found, sorted by next expected event, descending</p>",
        response.text,
    )
    assert header(response.text, "next")[0] == "descending"
