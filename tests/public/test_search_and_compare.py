"""Finding areas by the names people use, their neighbours, and comparing them."""

import pytest

from areas.models import Area

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("Northants", {"North Northamptonshire", "West Northamptonshire", "Northamptonshire"}),
        ("Bucks", {"Buckinghamshire"}),
        ("Herts", {"Hertfordshire"}),
        ("Cumbria", {"Cumbria", "Cumberland", "Westmorland and Furness"}),
    ],
)
def test_short_and_former_names_find_their_areas(client, typed, found):
    assert set(Area.objects.matching(typed).values_list("name", flat=True)) == found
    rows = client.get("/areas/", {"q": typed}).context["rows"]
    assert {row.area.name for row in rows} == found


def test_lutons_page_lists_its_ten_statistical_neighbours_in_order(client):
    luton = Area.objects.get(slug="luton")
    response = client.get("/areas/luton/")
    names = [row.area.name for row in response.context["neighbours"]]

    assert len(names) == 10
    assert names == [Area.objects.get(code=code).name for code in luton.statistical_neighbours]
    assert names[0] == "Slough"
    assert "/compare/?areas=luton,slough," in response.content.decode()


def test_compare_sets_luton_beside_central_bedfordshire(client):
    response = client.get("/compare/", {"areas": "luton,central-bedfordshire"})
    columns = response.context["columns"]

    assert response.status_code == 200
    assert [c.row.area.name for c in columns] == ["Luton", "Central Bedfordshire"]
    luton, central = columns
    assert luton.revisit.revisit_result == "all" and central.revisit.revisit_result == "some"
    assert luton.weaknesses == 5 and central.weaknesses == 6
    content = response.content.decode()
    assert "Revisit: progress on all weaknesses" in content
    assert "Revisit: progress on some weaknesses" in content


def test_compare_takes_repeated_areas_too_and_says_what_it_cannot_show(client):
    response = client.get("/compare/", {"areas": ["luton", "atlantis"]})
    assert [c.row.area.slug for c in response.context["columns"]] == ["luton"]
    assert "No local area has the address “atlantis”" in response.content.decode()

    five = "luton,bury,kent,slough,oldham"
    response = client.get("/compare/", {"areas": five})
    assert len(response.context["columns"]) == 4
    assert "Compare up to 4 areas at a time" in response.content.decode()
