"""Plain-English explanations of the words inspection letters use.

`TERMS` maps a slug (the glossary page's anchor: /about/glossary/#wsoa) to a `Term`.
Templates use them through the `plain_english` tag library:
`{% term "wsoa" %}` links the words to the glossary, `{% plain "wsoa" %}` gives the
one-sentence explanation. An unknown slug raises `UnknownTerm`, so a typo fails loudly.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Term:
    """One glossary entry.

    term: the words as they read in a sentence ("written statement of action");
    short: one sentence a parent understands; long: one to three sentences more;
    abbreviation: what letters call it for short ("WSOA"), if anything.
    """

    term: str
    short: str
    long: str
    abbreviation: str = ""

    @property
    def heading(self) -> str:
        """The term as a glossary heading: "Written statement of action (WSOA)"."""
        name = self.term[:1].upper() + self.term[1:]
        return f"{name} ({self.abbreviation})" if self.abbreviation else name


class UnknownTerm(KeyError):
    def __init__(self, slug: object) -> None:
        self.slug = slug
        super().__init__(slug)

    def __str__(self) -> str:
        return (
            f"{self.slug!r} is not in the glossary (inspections/glossary.py). "
            f"Known terms: {', '.join(TERMS)}."
        )


_SECTIONS: dict[str, dict[str, Term]] = {
    "Who is involved": {
        "send": Term(
            "special educational needs and/or disabilities",
            "When a child or young person finds it much harder to learn than others of the same "
            "age, or has a disability, and needs extra help because of it.",
            "The law on SEND in England is mainly Part 3 of the Children and Families Act 2014 "
            "and the SEND code of practice. It covers children and young people from birth to "
            "25.",
            "SEND",
        ),
        "local-area": Term(
            "local area",
            "Everyone responsible for SEND services in one council's patch: the council, the "
            "local NHS, schools, colleges and early years settings.",
            "A local area covers the footprint of one English council. There are 153 local areas "
            "today (152 before April 2023), because boundary changes have split or merged some "
            "councils.",
        ),
        "local-area-partnership": Term(
            "local area partnership",
            "The council, the local NHS (the integrated care board) and their partners, working "
            "together for children and young people with SEND.",
            "Inspections from 2023 judge the partnership as a whole. Inspectors look mainly at "
            "how well the council and the integrated care board plan, check and improve services "
            "together.",
        ),
        "ofsted": Term(
            "Ofsted",
            "The Office for Standards in Education, Children's Services and Skills: it inspects "
            "schools and children's services in England.",
            "Ofsted leads the inspections of local area SEND services, jointly with the Care "
            "Quality Commission, and publishes the letters and reports.",
        ),
        "cqc": Term(
            "Care Quality Commission",
            "The regulator of health and adult social care in England, which inspects the health "
            "side of SEND services alongside Ofsted.",
            "A CQC inspector is part of every local area SEND inspection team, and CQC co-signs "
            "the letters and reports.",
            "CQC",
        ),
        "hmci": Term(
            "His Majesty's Chief Inspector",
            "The head of Ofsted, who decides whether an area must write a written statement of "
            "action or a priority action plan.",
            "Until September 2022 the title was Her Majesty's Chief Inspector. Letters say that "
            "HMCI “has determined” that a plan is required.",
            "HMCI",
        ),
        "dfe": Term(
            "Department for Education",
            "The government department responsible for education and children's services in "
            "England, including SEND.",
            "After an inspection, DfE and NHS England monitor and support the area, and decide "
            "what happens next if it has not improved enough.",
            "DfE",
        ),
        "nhs-england": Term(
            "NHS England",
            "The national body that leads the NHS in England; it works with the Department for "
            "Education to monitor and support areas after an inspection.",
            "Together with DfE it runs the quarterly support and challenge visits and decides "
            "the next steps when a revisit finds not enough progress.",
        ),
        "ccg": Term(
            "clinical commissioning group",
            "The local NHS body that planned and paid for health services in an area until 30 "
            "June 2022.",
            "The CCG was jointly responsible with the council for a written statement of action. "
            "On 1 July 2022 integrated care boards took over its work.",
            "CCG",
        ),
        "icb": Term(
            "integrated care board",
            "The local NHS body that has planned and paid for health services since 1 July 2022, "
            "in place of the clinical commissioning group.",
            "The ICB is the council's main health partner in the local area partnership, and is "
            "often named as a body responsible for an area for priority action.",
            "ICB",
        ),
    },
    "Plans and services for children and young people": {
        "ehc-plan": Term(
            "education, health and care plan",
            "A legal document from the council that sets out a child or young person's needs and "
            "the help they must get.",
            "EHC plans are for children and young people aged 0 to 25 who need more help than a "
            "school or college can usually give. The council must normally issue the final plan "
            "within 20 weeks of being asked to assess.",
            "EHC plan",
        ),
        "annual-review": Term(
            "annual review",
            "The check, at least once a year, that an EHC plan still describes the child's needs "
            "and the help they get.",
            "The council must review every EHC plan at least every 12 months, with the family, "
            "and update the plan if anything has changed.",
        ),
        "local-offer": Term(
            "local offer",
            "The council's published guide to the SEND services and support available in its "
            "area, and how to get them.",
            "Every council must publish one and keep it up to date, working with families. "
            "Inspectors often find that families do not know about it or find it hard to use.",
        ),
        "co-production": Term(
            "co-production",
            "Families, children and young people working as equal partners with services to "
            "design, plan and review the support they get.",
            "It applies to one child's plan and to the area's services as a whole. Inspectors ask "
            "families whether they were really listened to.",
        ),
        "parent-carer-forum": Term(
            "parent carer forum",
            "A local group of parents and carers of children with SEND that works with the "
            "council and the NHS to improve services.",
            "Every area has one, such as SNAP PCF, EPIC PCF or FACT Bucks. Forums are key "
            "partners in co-production and tell inspectors what families experience.",
        ),
        "sendiass": Term(
            "SEND information, advice and support service",
            "A free, impartial and confidential service that gives children, young people and "
            "parents information and advice about SEND.",
            "Every council must provide one, run at arm's length from the council. It can help "
            "with EHC plans, meetings and appeals.",
            "SENDIASS",
        ),
        "joint-commissioning": Term(
            "joint commissioning",
            "The council and the local NHS deciding together which services children and young "
            "people with SEND need, and paying for them together.",
            "The law requires them to plan education, health and care support jointly. Not the "
            "same as a commissioner, who is appointed when a service is failing.",
        ),
        "jsna": Term(
            "joint strategic needs assessment",
            "A report by the council and the local NHS on the health and wellbeing needs of "
            "local people, used to plan services.",
            "For SEND it should show how many children and young people need which kinds of "
            "help, so that services can be planned to match.",
            "JSNA",
        ),
        "neurodevelopmental-pathway": Term(
            "neurodevelopmental pathway",
            "The route by which a child is referred, assessed and supported for conditions such "
            "as autism and ADHD.",
            "Long waits for assessment on these pathways are a common concern in inspection "
            "letters: Buckinghamshire's 2022 letter is one example.",
        ),
        "preparation-for-adulthood": Term(
            "preparation for adulthood",
            "Helping young people with SEND get ready for adult life: work or study, living "
            "independently, friends and community, and good health.",
            "It should start by year 9 (age 13 to 14) at the latest and be part of every EHC "
            "plan review from then on.",
        ),
    },
    "Inspections from 2016 to 2022": {
        "framework-2016": Term(
            "2016 inspection framework",
            "The first round of joint Ofsted and CQC inspections of local area SEND services, "
            "from May 2016 to December 2022.",
            "Each area was inspected once, over five days. Where inspectors found significant "
            "weaknesses, the area wrote a written statement of action and was revisited later.",
        ),
        "wsoa": Term(
            "written statement of action",
            "The plan an area had to write, after a 2016-framework inspection, saying how it "
            "would put right the significant weaknesses inspectors found.",
            "HMCI decided whether one was needed; the council and the CCG were jointly "
            "responsible. It was due within 70 working days, and Ofsted and CQC then declared "
            "it fit for purpose, sometimes only after sending it back for more work.",
            "WSOA",
        ),
        "significant-weakness": Term(
            "significant weakness",
            "A serious problem in an area's SEND services that inspectors found in a "
            "2016-framework inspection and that the written statement of action had to fix.",
            "Letters listed between 2 and 13 of them. At the revisit, inspectors judged each one "
            "on its own: sufficient progress or not sufficient progress.",
        ),
        "quarterly-monitoring": Term(
            "quarterly support and challenge visits",
            "Formal visits every three months from DfE and NHS England to check an area's "
            "progress on its written statement of action.",
            "They stop when a revisit finds sufficient progress on every significant weakness.",
        ),
        "revisit": Term(
            "revisit",
            "A return visit by Ofsted and CQC to check progress on each significant weakness, "
            "normally about 18 months after the written statement of action was approved.",
            "Revisits lasted 2 to 4 days, and a letter followed a month or two later. They were "
            "paused from March 2020 to April 2021 because of COVID-19, so some areas waited 3 "
            "to 4 years.",
        ),
        "sufficient-progress": Term(
            "sufficient progress",
            "What inspectors say at a revisit when an area has improved enough on a significant "
            "weakness.",
            "Each weakness gets its own verdict: sufficient progress or not sufficient progress. "
            "If every weakness is sufficient, the quarterly visits stop; if not, DfE and NHS "
            "England decide the next steps.",
        ),
    },
    "When an area has not improved enough": {
        "accelerated-progress-plan": Term(
            "accelerated progress plan",
            "A plan DfE and NHS England can require when a revisit finds not enough progress, "
            "setting out how the remaining weaknesses will be put right faster.",
            "DfE and NHS England review progress against it, usually at 3, 6 and 12 months.",
            "APP",
        ),
        "improvement-notice": Term(
            "improvement notice",
            "A formal notice from the Department for Education telling a council what it must "
            "improve, and by when.",
            "It is used where an area has not improved enough, and is lifted once DfE is "
            "satisfied. If things still do not improve, the Secretary of State can make a "
            "statutory direction.",
        ),
        "statutory-direction": Term(
            "statutory direction",
            "A legal order from the Secretary of State for Education making a council take "
            "specific action, used when other help has not worked.",
            "It is made under section 497A of the Education Act 1996 and often appoints a "
            "commissioner.",
        ),
        "commissioner": Term(
            "commissioner",
            "An expert the Secretary of State for Education appoints to oversee improvement in "
            "a council's failing SEND services.",
            "Usually appointed through a statutory direction, a commissioner reviews how the "
            "services are run, directs or advises on changes and reports back to the Secretary "
            "of State. Not the same as joint commissioning.",
        ),
    },
    "Inspections from 2023": {
        "framework-2023": Term(
            "2023 inspection framework",
            "The area SEND inspections that began in January 2023, which give each local area "
            "partnership one of three outcomes.",
            "Areas are inspected again and again in a cycle, rather than once, with yearly "
            "engagement meetings in between. Any outcome may list areas for improvement.",
        ),
        "outcome-1": Term(
            "outcome 1",
            "The best result: the area's arrangements typically lead to positive experiences and "
            "outcomes for children and young people with SEND.",
            "The next full inspection will be within about 5 years.",
        ),
        "outcome-2": Term(
            "outcome 2",
            "The middle result: the arrangements lead to inconsistent experiences and outcomes, "
            "and the partnership must work together to make improvements.",
            "The next full inspection will be within about 3 years.",
        ),
        "outcome-3": Term(
            "outcome 3",
            "The most serious result: there are widespread and/or systemic failings leading to "
            "significant concerns.",
            "HMCI requires a priority action plan. A monitoring inspection follows within about "
            "18 months, and a full inspection within about 3 years.",
        ),
        "area-for-priority-action": Term(
            "area for priority action",
            "A serious problem that a 2023-framework report says must be put right urgently, "
            "naming the body responsible for it.",
            "They come with outcome 3, and the partnership must tackle each one in its priority "
            "action plan. A weakness left over from a 2016-framework inspection can come back "
            "as one.",
        ),
        "priority-action-plan": Term(
            "priority action plan",
            "The plan a local area partnership must write after an outcome 3 inspection, saying "
            "how it will tackle each area for priority action.",
            "HMCI requires it. Ofsted and CQC check progress at a monitoring inspection within "
            "about 18 months.",
        ),
        "area-for-improvement": Term(
            "area for improvement",
            "Something a 2023-framework report says the partnership should do better; any of "
            "the three outcomes can list them.",
            "They are less urgent than areas for priority action and need no priority action "
            "plan. Reports often also ask the partnership to update and publish its strategic "
            "plan.",
        ),
        "monitoring-inspection": Term(
            "monitoring inspection",
            "A shorter inspection, within about 18 months of an outcome 3 report, to check "
            "progress on the areas for priority action.",
            "Inspectors report how much progress the partnership has made on each area for "
            "priority action.",
        ),
    },
}

TERMS: dict[str, Term] = {
    slug: term for section in _SECTIONS.values() for slug, term in section.items()
}
SECTIONS: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    (heading, tuple(section)) for heading, section in _SECTIONS.items()
)


def get_term(slug: str) -> Term:
    """The term for `slug`, or UnknownTerm naming the typo and the slugs that exist."""
    try:
        return TERMS[slug]
    except (KeyError, TypeError):
        raise UnknownTerm(slug) from None


def glossary_url(slug: str) -> str:
    """The glossary address of a term: /about/glossary/#wsoa."""
    get_term(slug)
    return f"{reverse('public:glossary')}#{slug}"


def glossary_sections() -> list[tuple[str, list[tuple[str, Term]]]]:
    """The glossary in page order: (heading, [(slug, term), ...])."""
    return [(heading, [(slug, TERMS[slug]) for slug in slugs]) for heading, slugs in SECTIONS]
