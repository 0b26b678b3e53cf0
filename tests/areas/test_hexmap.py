"""The hex map: today's 153 areas, one cell each, every hex a labelled link."""

import re

import pytest

from areas.hexmap import CATEGORIES, layout
from areas.models import Area

pytestmark = pytest.mark.django_db


def test_the_layout_has_one_cell_for_each_of_todays_areas():
    cells = layout()
    current = set(Area.objects.current().values_list("ons_code", flat=True))
    assert set(cells) == current and len(current) == 153
    assert len(set(cells.values())) == 153  # no two areas share a cell


def test_split_counties_give_each_successor_a_hex_of_its_own():
    cells = layout()
    # Cumberland keeps Cumbria's hex; Westmorland and Furness takes the free cell beside it.
    cumberland, westmorland = cells["E06000063"], cells["E06000064"]
    assert abs(cumberland[0] - westmorland[0]) + abs(cumberland[1] - westmorland[1]) == 1
    assert cells["E06000061"] != cells["E06000062"]  # the two Northamptonshires


def test_the_home_page_map_links_every_area_with_its_name_and_status(client):
    content = client.get("/").content.decode()
    svg = re.search(r'<svg class="app-hexmap__svg".*?</svg>', content, re.S).group(0)
    links = re.findall(r'<a href="(/areas/[^"]+/)" aria-label="([^"]+)"', svg)

    assert len(links) == 153
    assert ("/areas/bury/", "Bury: Outcome 3: widespread failings") in links
    assert ("/areas/slough/", "Slough: Outcome 3: widespread failings") in links
    assert ("/areas/bexley/", "Bexley: Outcome 3 and a DfE improvement notice") in links
    # Colour is never the only cue: every hex carries its label too.
    labels = re.findall(r'aria-hidden="true">([^<]+)</text>', svg)
    assert len(labels) == 153 and set(labels) <= {c.text for c in CATEGORIES.values()}


def test_the_key_counts_every_area_once(client):
    hex_map = client.get("/").context["hex_map"]
    assert sum(count for _, count in hex_map.key) == 153
    assert {c.key: n for c, n in hex_map.key}["outcome-3"] == Area.objects.filter(
        inspections__framework="2023", inspections__outcome=3, abolished_on=None
    ).distinct().count()


def test_the_key_leaves_out_a_category_no_area_is_in(client):
    page = client.get("/").content.decode()
    key = re.search(r'<ul class="govuk-list app-hexmap__key">.*?</ul>', page, re.S).group(0)
    assert "(0)" not in key
    # Every outcome held is a 2023-framework outcome: none is inspected-but-unknown.
    assert "Inspected: outcome not held here" not in key
    assert "Outcome 3: widespread failings (" in key


def test_a_filter_fades_the_areas_it_leaves_out(client):
    response = client.get("/areas/?region=london")
    hex_map = response.context["hex_map"]
    shown = {hex.area.pk for hex in hex_map.hexes if not hex.dimmed}
    assert shown == {row.area.pk for row in response.context["rows"]}
    assert len(hex_map.hexes) == 153
    htmx = client.get("/areas/?region=london", headers={"HX-Request": "true"})
    assert "app-hexmap__hex--dimmed" in htmx.content.decode()  # the live search recolours it
