"""Finding an area the way people know it: by town or village, postcode or postcode district,
on the real lookups (national_data/data/places/) loaded with the national data."""

import re

import pytest

from areas.models import Area, Place, PostcodeException, PostcodeUnit
from areas.places import locate
from national_data.common import LoadReport
from national_data.places import load_places

pytestmark = pytest.mark.django_db


def found(client, typed):
    response = client.get("/areas/", {"q": typed})
    assert response.status_code == 200
    return response, sorted(row.area.name for row in response.context["rows"])


def answer(response):
    """The words above the results that say how the search matched."""
    match = re.search(r'id="place-answer">(.*?)</div>', response.content.decode(), re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split()) if match else ""


@pytest.mark.parametrize(
    ("typed", "council", "words"),
    [
        ("Watford", "Hertfordshire", "Watford is in Hertfordshire."),
        ("St Albans", "Hertfordshire", "St Albans is in Hertfordshire."),
        ("saint albans", "Hertfordshire", "St Albans is in Hertfordshire."),
        ("Dunstable", "Central Bedfordshire", "Dunstable is in Central Bedfordshire."),
        ("Harrogate", "North Yorkshire", "Harrogate is in North Yorkshire."),
        ("Kettering", "North Northamptonshire", "Kettering is in North Northamptonshire."),
        ("WD17 1AA", "Hertfordshire", "The postcode WD17 1AA is in Hertfordshire."),
        ("wd171aa", "Hertfordshire", "The postcode WD17 1AA is in Hertfordshire."),
        ("WD17", "Hertfordshire", "Postcode district WD17 is in Hertfordshire."),
        ("HG1", "North Yorkshire", "Postcode district HG1 is in North Yorkshire."),
        # Councils recoded in 2023: the lookups' new codes are the areas' own.
        ("S1 2HE", "Sheffield", "The postcode S1 2HE is in Sheffield."),
        ("S70", "Barnsley", "Postcode district S70 is in Barnsley."),
        ("Penistone", "Barnsley", "Penistone is in Barnsley."),
    ],
)
def test_a_town_or_postcode_finds_its_council_and_says_how(client, typed, council, words):
    response, names = found(client, typed)
    assert names == [council]
    assert words in answer(response)
    assert "Try fewer filters" not in response.content.decode()


def test_a_postcode_district_across_councils_is_probably_in_one_and_lists_the_others(client):
    response, names = found(client, "LU6")
    assert names == ["Buckinghamshire", "Central Bedfordshire", "Hertfordshire"]
    assert answer(response).startswith(
        "Postcode district LU6 is probably in Central Bedfordshire (91% of its postcodes); "
        "also in Buckinghamshire (9%) and Hertfordshire (under 1%)."
    )


def test_a_postcode_in_another_council_than_its_sector_gets_its_own(client):
    exception = PostcodeException.objects.exclude(area=None).select_related("area").first()
    sector = exception.postcode[:-2]
    most = PostcodeUnit.objects.get(unit=sector, rank=1)
    assert most.council_code != exception.council_code

    response, names = found(client, exception.postcode)
    assert names == [exception.area.name]
    assert f"The postcode {exception.postcode} is in {exception.area.name}." in answer(response)


def test_a_name_several_places_share_lists_each_with_its_council(client):
    response, names = found(client, "Newport")
    assert names == ["East Riding of Yorkshire", "Essex", "Isle of Wight", "Telford and Wrekin"]
    words = answer(response)
    assert "There are 4 places called Newport:" in words
    assert "Newport (Isle of Wight) is in Isle of Wight." in words
    assert "Newport (Uttlesford) is in Essex." in words


def test_a_place_in_two_councils_lists_both_with_their_shares(client):
    response, names = found(client, "Aldershot")
    assert names == ["Hampshire", "Surrey"]
    assert "Aldershot lies mostly in Hampshire (58% of it); also in Surrey (42%)." in answer(
        response
    )


def test_a_former_areas_name_finds_its_successor_before_the_town(client):
    response, names = found(client, "Poole")
    assert "Bournemouth, Christchurch and Poole" in names
    assert answer(response) == ""
    # The town itself lies mostly in BCP, partly in Dorset.
    assert locate("Poole").found[0].sentence == (
        "Poole lies mostly in Bournemouth, Christchurch and Poole (89% of it); also in Dorset (11%)."
    )


def test_a_district_reaching_wales_names_the_welsh_council_without_an_area(client):
    response, names = found(client, "CH4")
    assert names == ["Cheshire West and Chester"]
    assert "also in Flintshire (a Welsh council: the tracker covers England only)" in answer(
        response
    )


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("WD17 1A", "“WD17 1A” is not a postcode. A full postcode looks like WD17 1AA"),
        ("ZZ99 9ZZ", "No postcode in England starts with ZZ99. Check the postcode"),
        ("WD60", "No postcode in England starts with WD60."),
    ],
)
def test_a_postcode_that_is_not_valid_gets_a_clear_message(client, typed, message):
    response, names = found(client, typed)
    assert names == []
    assert message in answer(response)
    assert "Try fewer filters" not in response.content.decode()


def test_nothing_found_with_no_filter_set_never_says_try_fewer_filters(client):
    response, names = found(client, "Atlantis")
    content = response.content.decode()
    assert names == []
    assert "Try fewer filters" not in content
    assert "No local area, town or postcode matches “Atlantis”" in content

    response = client.get("/areas/", {"q": "Watford", "region": "north-east"})
    assert response.context["rows"] == []
    assert "Watford is in Hertfordshire." in answer(response)
    assert "Try fewer filters" in response.content.decode()


def test_the_start_of_a_towns_name_finds_it_and_says_it_was_only_the_start(client):
    response, names = found(client, "hemel")
    assert names == ["Hertfordshire"]
    assert answer(response).startswith(
        "No place is called “hemel”, but one starts with it: Hemel Hempstead is in Hertfordshire."
    )
    response, names = found(client, "Harrogat")
    assert names == ["North Yorkshire"]


def test_a_start_many_places_share_lists_the_biggest_and_says_how_many_there_are(client):
    response, names = found(client, "bishop")
    words = answer(response)
    many = re.search(r"but (\d+) start with it; the 8 biggest:", words)
    assert many and int(many.group(1)) > 8
    assert "Bishop's Stortford is in Hertfordshire." in words.replace("&#x27;", "'")
    assert "Hertfordshire" in names and "Durham" in names
    # Too short a start finds no town: three letters would match hundreds.
    assert found(client, "bis")[1] == []


def test_an_areas_own_name_still_finds_the_area_not_a_town_of_that_name(client):
    response, names = found(client, "Luton")
    assert names == ["Luton"]
    assert answer(response) == ""


def test_words_that_only_start_an_areas_name_also_find_the_town_of_that_name(client):
    # A parent in Richmond, North Yorkshire, is not only shown Richmond upon Thames.
    response, names = found(client, "Richmond")
    assert names == ["North Yorkshire", "Richmond upon Thames"]
    assert answer(response).startswith("Richmond is in North Yorkshire.")
    response, names = found(client, "Bourne")
    assert "Lincolnshire" in names and "Bournemouth, Christchurch and Poole" in names
    # A start of a town's name is not enough to add towns beside an area that matched.
    assert found(client, "Herts")[1] == ["Hertfordshire"]


def test_the_home_search_goes_straight_to_the_council_and_says_why(client):
    response = client.get("/areas/", {"q": "Dunstable", "from": "home"}, follow=True)
    assert response.redirect_chain == [("/areas/central-bedfordshire/", 302)]
    assert "Dunstable is in Central Bedfordshire." in response.content.decode()


def test_an_htmx_search_answers_with_the_fragment_and_how_it_matched(client):
    response = client.get("/areas/", {"q": "Harrogate"}, headers={"HX-Request": "true"})
    content = response.content.decode()
    assert "<h1" not in content
    assert "Harrogate is in North Yorkshire." in content


def test_the_about_page_shows_the_attribution_the_licences_require(client):
    content = client.get("/about/").content.decode()
    for words in [
        "Contains OS data © Crown copyright and database right 2025",
        "Contains Royal Mail data © Royal Mail copyright and database right 2025",
        "Contains National Statistics data © Crown copyright and database right 2025",
        "Source: Office for National Statistics licensed under the Open Government Licence v3.0",
    ]:
        assert words in content


def test_the_lookups_are_loaded_for_every_english_council_and_a_reload_changes_nothing():
    assert Place.objects.values("area").distinct().count() == Area.objects.current().count()
    assert PostcodeUnit.objects.exclude(area=None).values("area").distinct().count() == 153
    before = list(Place.objects.order_by("pk").values_list("pk", flat=True)[:5])
    report = LoadReport()
    load_places(report)
    assert list(Place.objects.order_by("pk").values_list("pk", flat=True)[:5]) == before
    assert report.counts["places (towns and villages)"] == Place.objects.count()


def test_barnsley_and_sheffield_have_their_2023_codes_and_keep_the_old_ones():
    barnsley, sheffield = Area.objects.get(slug="barnsley"), Area.objects.get(slug="sheffield")

    assert (barnsley.ons_code, barnsley.former_ons_codes) == ("E08000038", ["E08000016"])
    assert (sheffield.ons_code, sheffield.former_ons_codes) == ("E08000039", ["E08000019"])
    # Older data sets (Ofsted's statistics to 2022) still find them by the old codes.
    assert Area.objects.with_code("E08000019") == sheffield
    assert Area.objects.with_code("E08000016") == barnsley
    # Every postcode district and sector the lookups put under the new codes is theirs.
    for code, slug in (("E08000038", "barnsley"), ("E08000039", "sheffield")):
        units = PostcodeUnit.objects.filter(council_code=code)
        assert set(units.values_list("area__slug", flat=True)) == {slug}
