"""Suggesting a theme for a weakness or finding from its wording: transparent rules.

Each theme has the words and phrases that mark it. A finding scores one point for each
phrase it contains, and two for a phrase in its first sentence (which says what the
finding is about); the theme with most points is suggested, the earlier theme in
`THEME_WORDS` winning a tie. A finding that contains none of the phrases is "Other".
Admins correct any suggestion in the admin; a suggestion never overwrites a theme an
admin chose.
"""

from __future__ import annotations

import re

from inspections.models import Theme

THEME_WORDS: dict[str, tuple[str, ...]] = {
    Theme.NEURODEVELOPMENTAL: (
        "neurodevelopmental",
        "autism",
        "autistic",
        "adhd",
        "asd",
        "neurodiverse",
        "neurodivergent",
    ),
    Theme.EHC_TIMELINESS: (
        "within 20 weeks",
        "20-week",
        "20 week",
        "timeliness of ehc",
        "timely ehc",
        "statutory timescales",
        "timeliness of statutory",
        "timeliness of the ehc",
        "timeliness and quality of ehc",
        "issued on time",
        "wait for ehc",
        "timely manner",
    ),
    Theme.ANNUAL_REVIEWS: ("annual review", "annual reviews", "reviewed annually"),
    Theme.EHC_PLAN_QUALITY: (
        "quality of ehc",
        "ehc plan",
        "ehc plans",
        "ehcp",
        "ehcps",
        "ehc needs assessment",
        "ehc process",
        "statutory assessment",
        "statutory assessments",
        "needs assessment",
        "needs assessments",
        "advice",
        "education, health and care planning",
        "ehc assessment",
        "education, health and care plan",
    ),
    Theme.PREPARATION_FOR_ADULTHOOD: (
        "preparation for adulthood",
        "preparing for adulthood",
        "prepared for adulthood",
        "prepare for adulthood",
        "pfa",
        "adult life",
        "adult health",
        "transition to adulthood",
        "transition to adult",
        "adult services",
        "post-16",
        "post 16",
        "post-19",
        "aged 16 to 25",
        "employment",
        "independent living",
        "transitions",
    ),
    Theme.THERAPIES: (
        "speech and language",
        "occupational therapy",
        "physiotherapy",
        "therapy",
        "therapies",
        "salt",
    ),
    Theme.HEALTH_WAITING_TIMES: (
        "waiting times",
        "waiting lists",
        "wait too long",
        "waiting too long",
        "waits",
        "camhs",
        "mental health",
        "paediatric",
        "community paediatrics",
        "health services",
        "equipment",
        "wheelchair",
        "health needs",
        "ante natal",
        "antenatal",
        "healthy child programme",
    ),
    Theme.INCLUSION: (
        "exclusion",
        "exclusions",
        "excluded",
        "suspensions",
        "attendance",
        "part-time timetable",
        "part-time timetables",
        "alternative provision",
        "elective home education",
        "electively home educated",
        "eotas",
        "inclusion",
        "inclusive",
        "missing education",
    ),
    Theme.SUFFICIENCY: (
        "sufficiency",
        "specialist places",
        "school places",
        "specialist provision",
        "placements",
        "capacity",
    ),
    Theme.IDENTIFICATION: (
        "identification",
        "identify",
        "identified",
        "early years",
        "early help",
        "graduated approach",
        "early intervention",
        "ordinarily available",
        "sen support",
    ),
    Theme.CO_PRODUCTION: (
        "co-production",
        "co-produce",
        "co-produced",
        "coproduction",
        "parent carer forum",
        "voice of children",
        "voices of children",
        "lived experience",
        "participation",
        "views of children",
        "range of views",
        "voices",
        "designing services",
        "role parents",
    ),
    Theme.COMMUNICATION: (
        "communication with",
        "communicate",
        "communication",
        "communications",
        "keep parents",
        "trust",
        "confidence",
        "complaints",
        "relationships with parents",
        "engagement with parents",
        "concerns",
        "dissatisfaction",
        "formal routes",
        "concern",
    ),
    Theme.LOCAL_OFFER: ("local offer",),
    Theme.INFORMATION_ADVICE: (
        "sendiass",
        "information, advice and support",
        "information and advice",
        "signposting",
        "while they wait",
        "support while",
        "accurate information",
        "reliable information",
        "information about how to access",
        "information regarding",
        "guidance",
    ),
    Theme.JOINT_COMMISSIONING: (
        "joint commissioning",
        "commissioning",
        "commissioned",
        "commission",
    ),
    Theme.QUALITY_ASSURANCE: (
        "quality assurance",
        "quality assure",
        "quality-assurance",
        "oversight of the quality",
        "audit",
    ),
    Theme.OUTCOMES_ACCOUNTABILITY: (
        "outcomes framework",
        "measure the impact",
        "evaluate the impact",
        "monitor the impact",
        "evaluate their work",
        "impact of their work",
        "accountability",
        "data",
        "performance",
        "outcomes for children",
        "evaluation",
        "analyse",
        "analysis",
        "monitoring processes",
        "effectiveness of services",
        "standards achieved",
        "progress made",
    ),
    Theme.JOINT_WORKING: (
        "joint working",
        "work together",
        "working together",
        "information sharing",
        "share information",
        "multi-agency",
        "social care",
        "collaboratively",
        "partnership working",
        "joined-up",
        "coordination",
    ),
    Theme.STRATEGY_LEADERSHIP: (
        "strategy",
        "strategic",
        "governance",
        "leadership",
        "self-evaluation",
        "improvement plan",
        "action plans",
        "workforce",
        "vision",
        "training",
    ),
}

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_PATTERNS = {
    theme: [re.compile(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])") for word in words]
    for theme, words in THEME_WORDS.items()
}


def theme_scores(text: str) -> dict[str, int]:
    """Points for each theme with any: one a phrase found, two in the first sentence."""
    lowered = " ".join(text.lower().replace("’", "'").split())
    first = _SENTENCE_END.split(lowered, maxsplit=1)[0]
    scores: dict[str, int] = {}
    for theme, patterns in _PATTERNS.items():
        points = sum(
            len(pattern.findall(lowered)) + len(pattern.findall(first)) for pattern in patterns
        )
        if points:
            scores[theme] = points
    return scores


def suggest_theme(text: str) -> str:
    """The theme the rules suggest for this wording ("other" when no rule applies)."""
    scores = theme_scores(text)
    if not scores:
        return Theme.OTHER
    order = list(THEME_WORDS)
    return max(scores, key=lambda theme: (scores[theme], -order.index(theme)))
