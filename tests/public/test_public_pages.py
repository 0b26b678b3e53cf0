"""Families browse outcomes with no login: overview, area list, timelines, weaknesses."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_overview_counts_areas_by_where_they_stand(client):
    page = client.get("/").text
    assert "Where the 153 local areas stand" in page
    assert "Outcome 3: widespread failings" in page
    assert 'name="q"' in page and 'action="/areas/"' in page


def listed(response) -> str:
    """The results table of /areas/: the map below it names every area."""
    return response.text.split('id="map"')[0]


def test_searching_central_finds_central_bedfordshire(client):
    page = listed(client.get("/areas/", {"q": "central"}))
    assert "Central Bedfordshire" in page and "Luton" not in page
    assert 'href="/areas/central-bedfordshire/"' in page


def test_an_htmx_search_gets_only_the_results_fragment(client):
    response = client.get("/areas/", {"q": "lut"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert '<div id="area-results">' in response.text
    assert "<html" not in response.text and "Luton" in response.text
    # Screen readers hear the new count from a status region outside the swapped results.
    assert (
        'id="area-status" role="status"' in response.text and 'hx-swap-oob="true"' in response.text
    )
    assert "1 local area found" in response.text
    assert "HX-Request" in response.headers["Vary"]


def test_the_same_url_without_htmx_renders_the_whole_page(client):
    page = client.get("/areas/", {"q": "lut"}).text
    assert "<html" in page and 'id="area-results"' in page and "Luton" in page


def test_areas_filter_by_region_status_outcome_and_theme(client):
    east = listed(client.get("/areas/", {"region": "east-of-england"}))
    assert "Luton" in east and "Barnet" not in east
    some = listed(client.get("/areas/", {"status": "revisit-some"}))
    assert "Central Bedfordshire" in some and "Luton" not in some
    outcome_3 = client.get("/areas/", {"outcome": "3"}).text
    # Slough (from public pages) and the two areas under a DfE notice (Bexley, Wirral) among them
    assert "<strong>25</strong> of 153" in outcome_3
    therapies = listed(client.get("/areas/", {"theme": "therapies"}))
    assert "Buckinghamshire" in therapies and "Luton" not in therapies


def test_a_bad_filter_value_gets_a_clear_message(client):
    page = client.get("/areas/", {"region": "atlantis"}).text
    assert "There is a problem" in page
    assert "Select a valid choice" in page


def test_areas_sort_by_a_column_both_ways(client):
    page = client.get("/areas/", {"sort": "-name"}).text
    assert page.index("York") < page.index("Barnet")
    assert 'aria-sort="descending"' in page


def test_central_bedfordshire_timeline_runs_to_the_dfe_nhse_decision(client):
    page = client.get("/areas/central-bedfordshire/").text
    assert "Sufficient progress on 3 of 6 weaknesses" in page
    assert "it is for DfE and NHS England to determine the next steps" in page
    assert "CB-2019-1" in page and "Not sufficient progress" in page
    # The first letter's publication date as each source gives it.
    for date in ("12 February 2020", "23 February 2020", "24 February 2020"):
        assert date in page
    assert "Expected around March 2022" in page  # 18 months after fit for purpose


def test_luton_shows_all_five_sufficient_and_quarterly_visits_ceasing(client):
    page = client.get("/areas/luton/").text
    assert "Sufficient progress on 5 of 5 weaknesses" in page
    assert "Quarterly monitoring visits cease" in page


def test_buckinghamshire_shows_its_wsoa_and_its_later_outcome(client):
    page = client.get("/areas/buckinghamshire/").text
    assert "Written statement of action required" in page
    assert "BUC-2022-2" in page and "Outcome 2: inconsistent" in page
    assert "No revisit: the 2023 framework followed" in page


def test_a_reorganised_area_links_to_its_successors(client):
    page = client.get("/areas/cumbria/").text
    assert "This area no longer exists" in page
    assert 'href="/areas/cumberland/"' in page


def test_a_weakness_page_shows_finding_verdict_and_what_followed(client):
    page = client.get("/weaknesses/CB-2019-1/").text
    assert "Existing education, health and care (EHC) plans are not of sufficient quality" in page
    assert "Area leaders, since September 2021" in page
    assert "Next steps for DfE and NHS England to decide" in page


def test_expanding_a_weakness_with_htmx_gets_only_the_finding(client):
    response = client.get("/weaknesses/CB-2019-5/", headers={"HX-Request": "true"})
    assert response.text.lstrip().startswith('<div class="app-weakness-finding">')
    assert "SNAP PCF" in response.text and "<html" not in response.text


def test_an_unknown_area_or_weakness_is_not_found(client):
    assert client.get("/areas/atlantis/").status_code == 404
    assert client.get("/weaknesses/XX-2019-1/").status_code == 404


def test_pages_refuse_writes(client):
    assert client.post("/areas/").status_code == 405


def test_search_forgives_punctuation_council_names_and_finds_former_areas(client):
    assert "St. Helens" in client.get("/areas/", {"q": "St Helens"}).text
    assert (
        "Central Bedfordshire" in client.get("/areas/", {"q": "Central Bedfordshire Council"}).text
    )
    cumbria = client.get("/areas/", {"q": "Cumbria"}).text
    assert "Cumbria (to 2023)" in cumbria
    assert "Solihull" not in listed(client.get("/areas/", {"q": "hull"}))


def test_the_home_search_goes_straight_to_a_single_match(client):
    response = client.get("/areas/", {"q": "luton", "from": "home"})
    assert response.status_code == 302 and response.url == "/areas/luton/"
    several = client.get("/areas/", {"q": "kingston", "from": "home"})
    assert several.status_code == 200 and "from=home" not in several.text


def test_an_htmx_filter_change_keeps_the_sort_order(client):
    response = client.get(
        "/areas/", {"region": "london", "sort": "-name"}, headers={"HX-Request": "true"}
    )
    assert (
        '<input type="hidden" id="sort-field" name="sort" value="-name" hx-swap-oob="true">'
        in response.text
    )


def test_the_back_button_gets_the_whole_page(client):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    assert "<html" in client.get("/areas/", {"region": "london"}, headers=headers).text


def test_status_filter_offers_only_statuses_some_area_has(client):
    page = client.get("/areas/").text
    assert 'value="revisit-some"' in page
    assert 'value="awaiting-revisit"' not in page  # no area is waiting with a known date
    # An address with such a status still works, and keeps its choice.
    assert (
        'value="awaiting-revisit" selected'
        in client.get("/areas/", {"status": "awaiting-revisit"}).text
    )


def test_a_health_check_may_ask_for_a_page_head_only(client):
    """Load balancers and uptime monitors often send HEAD: it answers as GET does, bodiless."""
    for url in ("/", "/areas/", "/areas/luton/", "/weaknesses/CB-2019-1/", "/themes/"):
        assert client.head(url).status_code == 200, url


def test_the_home_page_lists_the_latest_decisions_newest_first_months_as_months(client):
    content = client.get("/").content.decode()
    section = content.split("Latest DfE and NHS England decisions", 1)[1].split("</ul>", 1)[0]
    words = " ".join(re.sub(r"<[^>]+>", " ", section).split())

    assert words == (
        "Wirral : improvement notice updated 6 June 2025 "
        "Kent : improvement notice lifted 6 August 2024 "
        "Wirral : improvement notice 15 May 2024 "
        "Bexley : improvement notice 1 May 2024 "
        "Worcestershire : review of the accelerated progress plan April 2024"
    )
