"""As years of history build up, an area's page and API record keep to its recent history, say
how much more there is, and give the whole of it one link away."""

import json
import re

import pytest

from synthetic.history import multiply_history

pytestmark = pytest.mark.django_db

AREA = "/areas/central-bedfordshire/"
API = "/api/v1/areas/central-bedfordshire/"


def weakness_headings(page: str) -> list[str]:
    return re.findall(r'id="weaknesses-\d+">Significant weaknesses found in (\d+)<', page)


def timeline_items(page: str) -> int:
    return page.split('id="timeline"', 1)[1].count('<li class="app-timeline__item')


def test_todays_real_history_is_shown_whole(client):
    page = client.get(AREA).text
    assert weakness_headings(page) == ["2019"]
    assert "Every event from the first inspection to today" in page
    assert "whole history" not in page and "whole timeline" not in page

    record = json.loads(client.get(API).content)
    assert record["whole_history"] is False
    assert len(record["inspections"]) == record["inspections_total"] == 2
    assert len(record["written_statements"]) == record["written_statements_total"] == 1
    assert len(record["timeline"]) == record["timeline_total"]


def test_a_long_history_shows_its_recent_part_and_links_to_the_rest(client):
    multiply_history(3, seed=7)
    everything = client.get(AREA + "?history=all").text
    years = weakness_headings(everything)
    assert len(years) == 3

    page = client.get(AREA).text
    assert weakness_headings(page) == years[-2:]
    assert "1 earlier one, from " in page
    assert 'href="?history=all#earlier-weaknesses"' in page
    assert timeline_items(page) == 12
    earlier = timeline_items(everything) - 12
    assert f"The {earlier} earlier events, back to " in page
    assert 'href="?history=all#timeline"' in page
    assert "Every event from the first inspection to today" in everything


def test_the_api_record_keeps_to_the_recent_history_unless_asked_for_all(client):
    multiply_history(3, seed=7)
    recent = json.loads(client.get(API).content)
    whole = json.loads(client.get(API + "?history=all").content)

    assert whole["whole_history"] is True and recent["whole_history"] is False
    assert len(whole["written_statements"]) == whole["written_statements_total"] == 3
    assert recent["written_statements"] == whole["written_statements"][-1:]
    assert recent["inspections"] == whole["inspections"][-4:]
    assert recent["timeline"] == whole["timeline"][-12:]
    assert len(whole["progress_updates"]) == recent["progress_updates_total"] > 50
    assert recent["progress_updates"] == whole["progress_updates"][:50]  # the latest first
    assert client.get(API + "?history=some").status_code == 422
