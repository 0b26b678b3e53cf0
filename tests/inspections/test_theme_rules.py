"""The theme rules: words per theme, a point each, two in the first sentence."""

import pytest

from inspections.models import Theme
from inspections.theme_rules import THEME_WORDS, suggest_theme, theme_scores


@pytest.mark.parametrize(
    ("wording", "theme"),
    [
        (
            "Waiting times for ASD assessments, and support while families wait",
            "neurodevelopmental",
        ),
        ("the quality of the online local offer", "local_offer"),
        ("The timeliness of EHC plans: too few are issued within 20 weeks.", "ehc_timeliness"),
        ("Annual reviews are late and do not update the plan.", "annual_reviews"),
        ("Leaders should reduce exclusions and part-time timetables.", "inclusion"),
        ("the limited role parents and carers have in co-production of services", "co_production"),
        (
            "the inability of joint commissioning arrangements to address known gaps",
            "joint_commissioning",
        ),
        (
            "Young people are not prepared for adulthood: preparation for adulthood starts late.",
            "preparation_for_adulthood",
        ),
        (
            "Young people who move from children's to adult health services need a smooth move.",
            "preparation_for_adulthood",
        ),
        ("Leaders should improve communications from SEN case officers.", "communication"),
        (
            "Leaders should use data to identify gaps in service and monitor the impact of plans.",
            "outcomes_accountability",
        ),
        ("Improve the timeliness and quality of needs assessments and EHCPs.", "ehc_plan_quality"),
    ],
)
def test_wording_gets_the_theme_its_words_mark(wording, theme):
    assert suggest_theme(wording) == theme


def test_wording_with_none_of_the_words_is_other():
    assert suggest_theme("The weather in the area was pleasant.") == Theme.OTHER
    assert theme_scores("") == {}


def test_the_first_sentence_counts_double():
    wording = "Leaders should improve the local offer. Complaints take too long."
    scores = theme_scores(wording)
    assert scores["local_offer"] == 2 and scores["communication"] == 1
    assert suggest_theme(wording) == "local_offer"


def test_a_tie_goes_to_the_theme_listed_first():
    first, second = list(THEME_WORDS)[:2]
    wording = f"{THEME_WORDS[second][0]} and {THEME_WORDS[first][0]}"
    assert theme_scores(wording)[first] == theme_scores(wording)[second]
    assert suggest_theme(wording) == first


def test_words_match_whole_words_only():
    # "salt" (speech and language therapy) is not in "consultation".
    assert "therapies" not in theme_scores("after consultation with families")


def test_every_theme_but_other_has_words():
    assert set(THEME_WORDS) == set(Theme.values) - {Theme.OTHER}
    assert all(words for words in THEME_WORDS.values())
