"""The read-only JSON API at /api/v1/: what it says, and how few queries it takes."""

import pytest

from areas.models import Area
from inspections.models import RevisitVerdict, SignificantWeakness, Verdict
from progress.models import ProgressUpdate, Rag, Visibility

pytestmark = pytest.mark.usefixtures("national_data")


def get_json(client, path, status=200):
    response = client.get(path)
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def test_areas_lists_every_current_area_with_its_keys_and_status(client):
    areas = get_json(client, "/api/v1/areas/")

    assert len(areas) == Area.objects.current().count() == 153
    by_slug = {area["slug"]: area for area in areas}
    assert "dorset-county" not in by_slug  # a former area
    central = by_slug["central-bedfordshire"]
    assert central["name"] == "Central Bedfordshire"
    assert central["dfe_code"] == "823"
    assert central["ons_code"] == "E06000056"
    assert central["region"] == {"key": "east-of-england", "label": "East of England"}
    assert central["status"]["key"] == "revisit-some"
    assert central["page_url"] == "/areas/central-bedfordshire/"
    expected = central["next_expected"]
    assert set(expected) == {
        "label",
        "date",
        "basis",
        "date_passed_without_record",
        "date_precision",
        "date_passed_since_data_end",
    }
    assert expected["basis"]


def test_an_area_with_a_2023_outcome_gives_it_and_its_next_inspection(client):
    areas = {a["slug"]: a for a in get_json(client, "/api/v1/areas/")}
    with_outcome = [a for a in areas.values() if a["framework_2_outcome"]]
    assert with_outcome
    for area in with_outcome:
        # The outcome, or the outcome with the DfE improvement notice that followed it.
        assert area["status"]["key"] in (
            f"outcome-{area['framework_2_outcome']}",
            f"outcome-{area['framework_2_outcome']}-improvement-notice",
        )
        assert area["framework_2_outcome_label"]
        assert area["next_expected"]["label"] in ("Next full inspection", "Monitoring inspection")


def test_central_bedfordshire_has_six_weaknesses_three_with_sufficient_progress(client):
    area = get_json(client, "/api/v1/areas/central-bedfordshire/")

    weaknesses = [w for wsoa in area["written_statements"] for w in wsoa["weaknesses"]]
    assert len(weaknesses) == 6
    sufficient = [w for w in weaknesses if w["latest_verdict"]["key"] == "sufficient"]
    assert len(sufficient) == 3
    assert [w["reference"] for w in weaknesses] == [f"CB-2019-{n}" for n in range(1, 7)]
    first = weaknesses[0]
    assert first["text"].startswith("Existing education, health and care (EHC) plans")
    assert first["theme"]["key"]
    assert first["verdicts"][0]["narrative"]
    assert first["page_url"] == "/weaknesses/CB-2019-1/"


def test_an_area_gives_its_whole_timeline_with_sources_and_date_precision(client):
    area = get_json(client, "/api/v1/areas/central-bedfordshire/")

    kinds = [i["kind"]["key"] for i in area["inspections"]]
    assert kinds[:2] == ["initial", "revisit"]
    revisit = area["inspections"][1]
    assert revisit["revisit_of"] == area["inspections"][0]["visit_start"]
    assert revisit["revisit_result"]["key"] == "some"
    assert any(s["url"] for s in revisit["sources"])
    letter = next(s for s in revisit["sources"] if s["kind"]["key"] == "letter")
    assert letter["url"] == ""  # no address of the letter itself is held: the API says why
    assert letter["not_linked"] == "no address of the letter itself is held"
    assert letter["found_at_url"].startswith("https://www.centralbedfordshire.gov.uk/")
    assert area["decisions"], "Central Bedfordshire's revisit was followed by a decision"
    for decision in area["decisions"]:
        assert decision["date_precision"] in ("day", "month", "on_or_before")
        assert decision["sources"]
    assert area["timeline"][0]["kind"] == "visit"
    assert area["data_runs_to"]


def test_framework_2_findings_carry_their_responsible_bodies_and_themes(client):
    area = get_json(client, "/api/v1/areas/bedford-borough/")

    full = next(i for i in area["inspections"] if i["kind"]["key"] == "full")
    priority = [f for f in full["findings"] if f["kind"]["key"] == "priority_action"]
    improvements = [f for f in full["findings"] if f["kind"]["key"] == "improvement"]
    assert priority or improvements
    assert all(f["responsible_body"] for f in priority)
    assert all(f["theme"] for f in full["findings"])
    assert full["outcome"] in (1, 2, 3)


def test_an_unknown_area_is_a_json_404(client):
    assert get_json(client, "/api/v1/areas/atlantis/", status=404) == {
        "detail": "No area has the slug “atlantis”."
    }


@pytest.fixture
def updates(admin_user):
    area = Area.objects.get(slug="central-bedfordshire")
    weakness = SignificantWeakness.objects.get(reference="CB-2019-1")

    def update(summary, **kwargs):
        return ProgressUpdate.objects.create(
            area=area,
            weakness=weakness,
            date="2024-01-15",
            rag=Rag.AMBER,
            summary=summary,
            author=admin_user,
            **kwargs,
        )

    update("Public progress", evidence_links="https://example.org/plan")
    update("Internal only", visibility=Visibility.INTERNAL)
    update("Withdrawn", withdrawn_at="2024-02-01T10:00:00Z")


def test_only_public_updates_that_are_not_withdrawn_are_published(client, admin_client, updates):
    for who in (client, admin_client):  # signing in shows nothing more through the API
        area = get_json(who, "/api/v1/areas/central-bedfordshire/")
        assert [u["summary"] for u in area["progress_updates"]] == ["Public progress"]
    published = area["progress_updates"][0]
    assert published["weakness_reference"] == "CB-2019-1"
    assert published["rag"]["key"] == "amber"
    assert published["evidence_links"] == ["https://example.org/plan"]


def test_weaknesses_filter_by_verdict_theme_and_region(client):
    everything = get_json(client, "/api/v1/weaknesses/")
    assert len(everything) == SignificantWeakness.objects.count()

    sufficient = get_json(client, "/api/v1/weaknesses/?verdict=sufficient")
    assert sufficient
    assert {w["latest_verdict"]["key"] for w in sufficient} == {"sufficient"}
    not_sufficient = get_json(client, "/api/v1/weaknesses/?verdict=not_sufficient")
    unjudged = get_json(client, "/api/v1/weaknesses/?verdict=none")
    assert all(w["latest_verdict"] is None and not w["verdicts"] for w in unjudged)
    assert len(sufficient) + len(not_sufficient) + len(unjudged) == len(everything)
    assert len(sufficient) == (
        RevisitVerdict.objects.filter(verdict=Verdict.SUFFICIENT)
        .values("weakness")
        .distinct()
        .count()
    )

    theme = everything[0]["theme"]["key"]
    themed = get_json(client, f"/api/v1/weaknesses/?theme={theme}")
    assert themed and {w["theme"]["key"] for w in themed} == {theme}

    east = get_json(client, "/api/v1/weaknesses/?region=east-of-england&verdict=sufficient")
    assert {w["area"]["region"]["key"] for w in east} == {"east-of-england"}
    assert {w["reference"] for w in east} >= {"CB-2019-4"}


def test_a_filter_outside_its_choices_is_refused_with_422(client):
    errors = get_json(client, "/api/v1/weaknesses/?verdict=maybe", status=422)
    assert errors["detail"][0]["loc"] == ["query", "verdict"]


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        ("/api/v1/areas/", 7),
        ("/api/v1/areas/central-bedfordshire/", 16),
        ("/api/v1/areas/luton/", 16),
        ("/api/v1/areas/dorset-county/", 16),
        ("/api/v1/weaknesses/", 5),
        ("/api/v1/weaknesses/?verdict=none&region=london", 5),
    ],
)
def test_each_endpoint_runs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, path, queries
):
    # A data_runs_to() cache miss adds one query, the page cache's look-up of the data's
    # version another, and the last check for new reports (part of its key) a third; the rest
    # does not grow with the data.
    with django_assert_max_num_queries(queries):
        client.get(path)


def test_the_openapi_document_describes_every_operation(client):
    schema = get_json(client, "/api/v1/openapi.json")
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/areas/",
        "/api/v1/areas/{slug}/",
        "/api/v1/weaknesses/",
    }
    assert "Open Government Licence v3.0" in schema["info"]["description"]


def test_a_notice_after_a_2023_outcome_says_which_inspection_it_follows(client):
    bexley = get_json(client, "/api/v1/areas/bexley/")

    assert bexley["status"] == {
        "key": "outcome-3-improvement-notice",
        "label": "Outcome 3 and a DfE improvement notice",
    }
    assert bexley["framework_2_outcome"] == 3
    (notice,) = bexley["decisions"]
    assert notice["kind"]["key"] == "improvement_notice"
    assert notice["inspection_visit_start"] == "2023-12-04"
    assert notice["wsoa_inspection_visit_start"] is None
    assert notice["sources"][0]["kind"]["key"] == "news_article"


def test_wirrals_two_notices_follow_its_plan_then_its_2025_inspection(client):
    wirral = get_json(client, "/api/v1/areas/wirral/")

    assert wirral["status"]["key"] == "outcome-3-improvement-notice"
    assert wirral["framework_1_status"]["key"] == "dfe-decision"
    assert [
        (
            d["kind"]["key"],
            d["decided_on"],
            d["wsoa_inspection_visit_start"],
            d["inspection_visit_start"],
        )
        for d in wirral["decisions"]
    ] == [
        ("improvement_notice", "2024-05-15", "2021-09-27", None),
        ("improvement_notice_updated", "2025-06-06", None, "2025-01-27"),
    ]
    assert [e["title"] for e in wirral["timeline"] if e["kind"] == "decision"] == [
        "Improvement notice",
        "Improvement notice updated",
    ]


def test_sloughs_report_gives_the_outcome_with_the_pages_it_comes_from(client):
    slough = get_json(client, "/api/v1/areas/slough/")
    (report,) = [i for i in slough["inspections"] if i["framework"]["key"] == "2023"]

    assert slough["framework_2_outcome"] == 3
    assert report["outcome"] == 3 and report["findings"] == []
    assert report["outcome_basis"].startswith("The council's own news page")
    kinds = {s["kind"]["key"] for s in report["sources"]}
    assert kinds == {"report_index", "council_page", "news_article"}
    assert slough["next_expected"]["label"] == "Monitoring inspection"
    assert slough["next_expected"]["date"] == "2027-01-07"
