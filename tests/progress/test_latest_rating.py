"""After an in-place write, the council's latest rating beside the item changes at once."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from progress.models import ProgressUpdate
from tests.factories import FullInspectionFactory, PriorityActionFactory
from tests.progress.conftest import login

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
ADD = reverse("progress:add", args=["weakness", "CB-2019-1"])
NEW = {
    "date-day": "2",
    "date-month": "11",
    "date-year": "2026",
    "rag": "green",
    "summary": "Annual reviews back on track",
    "visibility": "public",
}


def out_of_band(html: str, element_id: str) -> str:
    """The element sent to be swapped out of band over the page's element with that id."""
    found = re.search(rf'<(\w+) id="{element_id}"[^>]* hx-swap-oob="true">(.*?)</\1>\n', html, re.S)
    assert found, f"no out-of-band #{element_id} in the response"
    return found[2]


@pytest.fixture
def priority_action(central_beds):
    return PriorityActionFactory(
        inspection=FullInspectionFactory(
            area=central_beds,
            visit_start=dt.date(2026, 6, 1),
            visit_end=dt.date(2026, 6, 5),
            published_on=dt.date(2026, 7, 20),
        )
    )


def test_the_pages_carry_the_element_the_swap_replaces(client, amber_update, priority_action):
    weakness_page = client.get("/weaknesses/CB-2019-1/").text
    assert re.search(
        r'id="latest-rating-weakness-CB-2019-1"[^>]*>.*Amber: some concerns', weakness_page
    )
    assert 'id="rag-journey-weakness-CB-2019-1"' in weakness_page
    area_page = client.get("/areas/central-bedfordshire/").text
    row = area_page[area_page.index('id="latest-rating-weakness-CB-2019-1"') :]
    assert row.index("Amber: some concerns") < row.index("</td>")
    finding = area_page[area_page.index(f'id="finding-{priority_action.pk}"') :]
    assert f'id="latest-rating-finding-{priority_action.pk}"' in finding
    assert "No rating published yet" in finding[: finding.index("</section>")]


def test_adding_in_place_sends_the_new_latest_rating_out_of_band(client, olivia, amber_update):
    login(client, olivia)
    response = client.post(ADD, NEW, headers=HTMX)
    assert response.status_code == 200
    rating = out_of_band(response.text, "latest-rating-weakness-CB-2019-1")
    assert "Green: on track" in rating and "2 November 2026" in rating
    journey = out_of_band(response.text, "rag-journey-weakness-CB-2019-1")
    assert journey.index("1 October 2026") < journey.index("2 November 2026")
    # The list itself is still the main swap, and comes first.
    assert response.text.lstrip().startswith('<div id="updates-weakness-CB-2019-1"')
    assert ProgressUpdate.objects.count() == 2


def test_editing_in_place_sends_the_edited_rating(client, olivia, amber_update):
    login(client, olivia)
    data = {**NEW, "date-month": "10", "date-day": "1", "version": amber_update.version}
    response = client.post(reverse("progress:edit", args=[amber_update.pk]), data, headers=HTMX)
    rating = out_of_band(response.text, "latest-rating-weakness-CB-2019-1")
    assert "Green: on track" in rating and "Amber" not in rating
    amber_update.refresh_from_db()
    assert amber_update.rag == "green"


def test_withdrawing_in_place_falls_back_to_the_rating_before(
    client, olivia, amber_update, ehc_weakness, central_beds
):
    newer = ProgressUpdate.objects.create(
        area=central_beds, weakness=ehc_weakness, date=dt.date(2026, 11, 20), rag="red",
        summary="Reviews slipping again", visibility="public", author=olivia,
    )  # fmt: skip
    login(client, olivia)
    response = client.post(reverse("progress:withdraw", args=[newer.pk]), headers=HTMX)
    rating = out_of_band(response.text, "latest-rating-weakness-CB-2019-1")
    assert "Amber: some concerns" in rating and "1 October 2026" in rating
    response = client.post(reverse("progress:withdraw", args=[amber_update.pk]), headers=HTMX)
    assert out_of_band(response.text, "latest-rating-weakness-CB-2019-1") == (
        "No rating published yet"
    )


def test_a_findings_rating_is_swapped_on_the_area_page(client, olivia, priority_action):
    login(client, olivia)
    url = reverse("progress:add", args=["finding", priority_action.pk])
    response = client.post(url, {**NEW, "rag": "red"}, headers=HTMX)
    assert response.headers["HX-Retarget"] == f"#updates-finding-{priority_action.pk}"
    rating = out_of_band(response.text, f"latest-rating-finding-{priority_action.pk}")
    assert "Red: off track" in rating
    assert "rag-journey" not in response.text  # only a weakness's page shows the journey


def test_an_internal_latest_rating_says_so(client, olivia, amber_update):
    login(client, olivia)
    response = client.post(ADD, {**NEW, "visibility": "internal"}, headers=HTMX)
    assert "Internal" in out_of_band(response.text, "latest-rating-weakness-CB-2019-1")
    client.logout()
    public = client.get("/weaknesses/CB-2019-1/").text
    rating = public[public.index('id="latest-rating-weakness-CB-2019-1"') :]
    rating = rating[: rating.index("</dd>")]
    assert "Amber: some concerns" in rating and "Green" not in rating and "Internal" not in rating


def test_without_htmx_a_write_goes_back_to_the_page(client, olivia, amber_update):
    login(client, olivia)
    response = client.post(ADD, NEW)
    assert response.status_code == 302 and response.url == "/weaknesses/CB-2019-1/"
    page = client.get(response.url).text
    rating = page[page.index('id="latest-rating-weakness-CB-2019-1"') :]
    assert rating.index("Green: on track") < rating.index("</dd>")


def area_page_rating(client, reference: str) -> str:
    page = client.get("/areas/central-bedfordshire/").text
    rating = page[page.index(f'id="latest-rating-weakness-{reference}"') :]
    return rating[: rating.index("</td>")]


def test_the_area_page_rates_each_weakness_by_its_latest_update_the_reader_may_see(
    client, olivia, ehc_weakness, central_beds
):
    def update(day: int, rag: str, visibility: str = "public", withdrawn: bool = False):
        return ProgressUpdate.objects.create(
            area=central_beds,
            weakness=ehc_weakness,
            date=dt.date(2026, 10, day),
            rag=rag,
            summary=f"Update of {day} October",
            visibility=visibility,
            author=olivia,
            withdrawn_at=dt.datetime(2026, 10, 30, tzinfo=dt.UTC) if withdrawn else None,
        )

    for day in range(1, 20):  # a long run of older updates
        update(day, "red")
    update(20, "amber")
    update(21, "green", visibility="internal")
    update(22, "red", withdrawn=True)
    # On the same date, the one logged last is the latest.
    update(20, "green")

    assert "Green: on track" in area_page_rating(client, "CB-2019-1")
    assert "on 20 October 2026" in area_page_rating(client, "CB-2019-1")
    login(client, olivia)
    rating = area_page_rating(client, "CB-2019-1")
    assert "Green: on track" in rating and "on 21 October 2026" in rating and "Internal" in rating
    # A weakness nobody has rated yet says so.
    assert "No rating published yet" in area_page_rating(client, "CB-2019-2")
