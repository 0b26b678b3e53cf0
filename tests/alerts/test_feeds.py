"""The Atom feeds: national letters and decisions, and one per area."""

import datetime as dt

import feedparser
import pytest

from alerts import news
from areas.models import Area
from inspections.models import Decision, DecisionKind, Inspection
from tests.factories import AreaFactory, FullInspectionFactory, InitialInspectionFactory

pytestmark = pytest.mark.django_db


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert feed.version == "atom10" and not feed.bozo, feed.get("bozo_exception")
    return feed


def test_the_national_feed_lists_the_newest_letters_and_decisions_first(client):
    newest_letter = (
        Inspection.objects.filter(published_on__isnull=False).order_by("-published_on").first()
    )
    decision = Decision.objects.create(
        area=Area.objects.get(slug="luton"),
        kind=DecisionKind.IMPROVEMENT_NOTICE,
        decided_on=newest_letter.published_on + dt.timedelta(days=1),
    )
    feed = parse(client, "/feeds/latest/")
    ids = [entry.id for entry in feed.entries]
    assert ids[:2] == [
        f"tag:127.0.0.1,2025:decision-{decision.pk}",
        f"tag:127.0.0.1,2025:inspection-{newest_letter.pk}",
    ]
    assert feed.entries[0].title == "Luton: Improvement notice"
    published = [entry.published_parsed for entry in feed.entries]
    assert published == sorted(published, reverse=True)
    assert len(feed.entries) == 50


def test_an_areas_feed_has_its_letters_and_decisions_in_plain_english(client):
    feed = parse(client, "/areas/central-bedfordshire/feed/")
    assert feed.feed.title.startswith("Central Bedfordshire")
    titles = [entry.title for entry in feed.entries]
    assert titles == [
        "Central Bedfordshire: revisit letter published",
        "Central Bedfordshire: Next steps for DfE and NHS England to decide",
        "Central Bedfordshire: inspection letter published",
    ]
    revisit = feed.entries[0]
    assert revisit.link == "http://127.0.0.1:8000/areas/central-bedfordshire/"
    assert revisit.published.startswith("2022-09-21")
    assert "progress on some weaknesses" in revisit.summary


def test_entry_ids_stay_the_same_across_requests_and_new_data(client):
    before = [e.id for e in parse(client, "/areas/luton/feed/").entries]
    again = [e.id for e in parse(client, "/areas/luton/feed/").entries]
    assert before == again and len(set(before)) == len(before)
    FullInspectionFactory(
        area=Area.objects.get(slug="luton"),
        visit_start=dt.date(2026, 9, 7),
        visit_end=dt.date(2026, 9, 11),
        published_on=dt.date(2026, 10, 30),
    )
    after = [e.id for e in parse(client, "/areas/luton/feed/").entries]
    assert after[1:] == before


def test_a_new_report_appears_at_the_top_of_both_feeds(client):
    area = AreaFactory(name="Testshire")
    report = FullInspectionFactory(
        area=area,
        visit_start=dt.date(2030, 1, 7),
        visit_end=dt.date(2030, 1, 11),
        published_on=dt.date(2030, 3, 1),
        outcome=2,
    )
    for url in ("/feeds/latest/", f"/areas/{area.slug}/feed/"):
        top = parse(client, url).entries[0]
        assert top.id == f"tag:127.0.0.1,2025:inspection-{report.pk}"
        assert top.title == "Testshire: inspection report published"
        assert "Outcome 2: inconsistent" in top.summary


def test_an_unknown_area_has_no_feed(client):
    assert client.get("/areas/atlantis/feed/").status_code == 404


def test_pages_point_feed_readers_at_their_feeds(client):
    home = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml" href="/feeds/latest/"' in home
    area = client.get("/areas/luton/").content.decode()
    assert '<link rel="alternate" type="application/atom+xml" href="/areas/luton/feed/"' in area


@pytest.mark.parametrize(
    ("published_on", "letter_date", "words"),
    [
        (dt.date(2019, 5, 1), dt.date(2019, 4, 20), "inspection letter published"),
        (None, dt.date(2019, 4, 20), "inspection letter sent"),
        (None, None, "inspection letter added"),
    ],
)
def test_a_letters_title_says_only_what_is_known(published_on, letter_date, words):
    inspection = InitialInspectionFactory.build(
        area=AreaFactory.build(name="Testshire"), published_on=published_on, letter_date=letter_date
    )
    item = news.letter_item(inspection)
    assert item.title == f"Testshire: {words}"
    assert "written statement of action" in item.summary


def test_feed_links_use_the_sites_address_whatever_host_the_request_names(client, settings):
    """A forged Host header (one the site also answers to) must not put its own address into
    links that feed readers follow."""
    settings.ALLOWED_HOSTS = ["testserver", "tracker.example.org"]
    settings.SITE_URL = "https://send-tracker.example.org"
    response = client.get("/areas/luton/feed/", headers={"Host": "tracker.example.org"})
    feed = feedparser.parse(response.content)
    links = [feed.feed.link, *(link.href for link in feed.feed.links)]
    links += [entry.link for entry in feed.entries]
    assert len(links) > 3
    assert all(link.startswith("https://send-tracker.example.org/") for link in links), links


def test_a_decision_in_a_feed_says_what_it_follows(client):
    bexley = {e.title: e for e in parse(client, "/areas/bexley/feed/").entries}
    wirral = {e.title: e for e in parse(client, "/areas/wirral/feed/").entries}

    notice = bexley["Bexley: Improvement notice"]
    assert "After the 2023-framework inspection of December 2023 (outcome 3)." in notice.summary
    updated = wirral["Wirral: Improvement notice updated"]
    assert "After the 2023-framework inspection of January 2025 (outcome 3)." in updated.summary
    assert "still under an improvement notice" in updated.summary
    first = wirral["Wirral: Improvement notice"]
    assert "On the written statement of action after the September 2021 inspection." in (
        first.summary
    )
