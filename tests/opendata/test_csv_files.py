"""The CSV downloads on /data/ and the data dictionary that describes them."""

import csv
import io

import pytest
from django.urls import reverse

from areas.models import Area
from inspections.models import (
    FRAMEWORK_2_FINDINGS,
    Finding,
    Inspection,
    RevisitVerdict,
    SignificantWeakness,
)
from opendata.files import FILES, FILES_BY_NAME

pytestmark = pytest.mark.usefixtures("national_data")

ATTRIBUTION = "Contains public sector information licensed under the Open Government Licence v3.0."


def download(client, name):
    response = client.get(f"/data/{name}.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{name}.csv"'
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf"), "a byte order mark, so spreadsheets read UTF-8"
    return body.decode("utf-8-sig")


def read(client, name):
    reader = csv.DictReader(io.StringIO(download(client, name), newline=""))
    rows = list(reader)
    return reader.fieldnames, rows


@pytest.mark.parametrize("data_file", FILES, ids=lambda f: f.name)
def test_each_file_parses_with_exactly_its_documented_columns(client, data_file):
    text = download(client, data_file.name)
    assert not text.startswith("#"), "no comment lines: the attribution is on the pages"
    assert ATTRIBUTION not in text
    fieldnames, rows = read(client, data_file.name)
    assert fieldnames == data_file.fieldnames
    assert rows
    assert all(None not in row and None not in row.values() for row in rows), "ragged rows"


def test_the_files_have_one_row_per_documented_thing(client):
    counts = {name: len(read(client, name)[1]) for name in FILES_BY_NAME}

    assert counts["areas"] == Area.objects.count() == 158  # 153 current and 5 former
    assert counts["inspections"] == Inspection.objects.count()
    weakness_rows = (
        RevisitVerdict.objects.count()
        + SignificantWeakness.objects.filter(verdicts__isnull=True).count()
    )
    assert counts["weaknesses"] == weakness_rows
    assert counts["findings"] == Finding.objects.filter(kind__in=FRAMEWORK_2_FINDINGS).count()
    assert counts["findings"] >= 234  # the 51 reports shipped with the data


def test_central_bedfordshire_has_a_row_per_weakness_and_verdict(client):
    _, rows = read(client, "weaknesses")
    central = [row for row in rows if row["area_slug"] == "central-bedfordshire"]

    assert [row["reference"] for row in central] == [f"CB-2019-{n}" for n in range(1, 7)]
    assert sorted(row["verdict"] for row in central) == ["not_sufficient"] * 3 + ["sufficient"] * 3
    first = central[0]
    assert first["dfe_code"] == "823"
    assert first["text"].startswith("Existing education, health and care (EHC) plans")
    assert first["verdict_label"] in ("Sufficient progress", "Not sufficient progress")
    assert first["narrative"]
    assert first["revisit_visit_start"] and first["inspection_visit_start"]


def test_a_weakness_without_a_verdict_has_one_row_with_the_verdict_empty(client):
    unjudged = SignificantWeakness.objects.filter(verdicts__isnull=True).first()
    assert unjudged is not None
    _, rows = read(client, "weaknesses")

    mine = [row for row in rows if row["reference"] == unjudged.reference]
    assert len(mine) == 1
    assert mine[0]["verdict"] == mine[0]["verdict_label"] == mine[0]["revisit_visit_start"] == ""


def test_areas_file_gives_codes_status_and_what_is_expected(client):
    _, rows = read(client, "areas")
    by_slug = {row["area_slug"]: row for row in rows}

    central = by_slug["central-bedfordshire"]
    assert (central["dfe_code"], central["ons_code"]) == ("823", "E06000056")
    assert central["region"] == "east-of-england"
    assert central["status"] == "revisit-some"
    assert central["next_expected_basis"]
    dorset_county = by_slug["dorset-county"]
    assert dorset_county["abolished_on"]
    assert dorset_county["successors"].split() == ["bournemouth-christchurch-and-poole", "dorset"]
    assert dorset_county["next_expected_event"] == ""


def test_areas_file_gives_barnsleys_and_sheffields_codes_since_2023(client):
    _, rows = read(client, "areas")
    by_slug = {row["area_slug"]: row for row in rows}

    # ONS recoded both in 2023 (E08000016 and E08000019 before).
    assert by_slug["barnsley"]["ons_code"] == "E08000038"
    assert by_slug["sheffield"]["ons_code"] == "E08000039"


def test_findings_file_gives_responsible_bodies_and_themes(client):
    _, rows = read(client, "findings")

    assert {row["kind"] for row in rows} == {"priority_action", "improvement"}
    assert all(row["responsible_body"] for row in rows if row["kind"] == "priority_action")
    assert all(row["theme"] and row["text"] for row in rows)


def test_an_unknown_file_is_not_found(client):
    assert client.get("/data/passwords.csv").status_code == 404


@pytest.mark.parametrize(
    ("name", "queries"), [("areas", 8), ("inspections", 4), ("weaknesses", 5), ("findings", 3)]
)
def test_each_file_takes_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, name, queries
):
    # Each with the data's version and the date the data runs to (the file's ETag: 2, the
    # second shared with the files that show that date); weaknesses also read their plans'
    # revisits, for what a weakness without a verdict of its own says.
    with django_assert_max_num_queries(queries):
        download(client, name)


def test_the_data_page_lists_every_file_with_the_licence(client):
    response = client.get(reverse("opendata:data"))
    page = response.content.decode()

    assert response.status_code == 200
    for data_file in FILES:
        assert f'href="/data/{data_file.name}.csv"' in page
        assert f'href="/data/dictionary/#{data_file.name}"' in page
    assert ATTRIBUTION in page
    assert 'href="/api/v1/openapi.json"' in page


def test_the_dictionary_describes_every_column_of_every_file(client):
    response = client.get(reverse("opendata:dictionary"))
    page = response.content.decode()

    assert response.status_code == 200
    assert ATTRIBUTION in page
    for data_file in FILES:
        assert f'id="{data_file.name}"' in page
        for column in data_file.columns:
            assert column.description, f"{data_file.name}.{column.name} is undocumented"
            assert f"<code>{column.name_html}</code>" in page


def test_the_footer_and_the_about_page_link_to_the_open_data(client):
    about = client.get(reverse("public:about")).content.decode()
    assert about.count('href="/data/"') >= 2  # the footer, and the page's own section
    assert 'href="/data/dictionary/"' in about
    home = client.get("/").content.decode()
    assert 'href="/data/"' in home


def test_text_that_a_spreadsheet_would_run_as_a_formula_is_shown_as_text(client):
    weakness = SignificantWeakness.objects.order_by("pk").first()
    weakness.title = '=HYPERLINK("http://example.org","Click")'
    weakness.save()
    _, rows = read(client, "weaknesses")
    (row,) = {r["reference"]: r for r in rows if r["reference"] == weakness.reference}.values()
    assert row["title"] == "'" + weakness.title
    # Numbers and dates are left as they are.
    assert all(not r["reference"].startswith("'") for r in rows)


def test_sloughs_outcome_and_where_it_comes_from_are_in_the_files(client):
    _, areas = read(client, "areas")
    _, inspections = read(client, "inspections")
    slough = next(row for row in areas if row["area_slug"] == "slough")
    report = next(
        row for row in inspections if row["area_slug"] == "slough" and row["kind"] == "full"
    )

    assert (slough["status"], slough["framework_2_outcome"]) == ("outcome-3", "3")
    assert slough["next_expected_event"] == "Monitoring inspection"
    assert (report["outcome"], report["published_on"]) == ("3", "2025-11-06")
    assert report["outcome_basis"].startswith("The council's own news page")
    assert "https://www.slough.gov.uk/news/article/597/" in report["source_urls"]
    bexley = next(row for row in areas if row["area_slug"] == "bexley")
    assert (bexley["status"], bexley["framework_2_outcome"]) == (
        "outcome-3-improvement-notice",
        "3",
    )
