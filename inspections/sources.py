"""Addresses of the publications the tracker cites, for every part of it that names them:
the public pages, the open data and the national data load."""

# Ofsted's official statistics for the 2016 framework, to 31 August 2022: the table, and its
# notes sheet (which alone tells of Dorset County's and Northamptonshire's 2017 inspections).
STATISTICS_TITLE = "Area SEND inspections and outcomes in England, as at 31 August 2022"
STATISTICS_NOTES_TITLE = f"{STATISTICS_TITLE}: notes sheet"
STATISTICS_URL = (
    "https://www.gov.uk/government/statistics/area-send-inspections-and-outcomes-in-england"
    "-as-at-31-august-2022"
)
# The Open Government Licence v3.0: the public data the tracker holds came under it.
OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
# Data to Insight's public table of Ofsted's report pages (the 2023 framework's outcomes), the
# page `OUTCOMES_TABLE_URL` reads by default.
OUTCOMES_TABLE_TITLE = "Area SEND inspection outcomes from Ofsted's report pages (Data to Insight)"
OUTCOMES_TABLE_PAGE = "https://data-to-insight.github.io/ofsted-send-scrape-tool/"
# Ofsted's reports site, where every letter and report is published under its area.
OFSTED_REPORTS_URL = "https://reports.ofsted.gov.uk/"
# Ofsted's management information for winter 2022 to 2023: its figures are held, not a
# verified address of the release.
MANAGEMENT_INFORMATION_TITLE = "Area SEND inspections: management information, winter 2022 to 2023"
MANAGEMENT_INFORMATION_NOT_LINKED = (
    "the tracker holds its figures, but no verified address of the release, so look for "
    "it among Ofsted's publications"
)
OFSTED_ON_GOV_UK = ("Ofsted's page on GOV.UK", "https://www.gov.uk/government/organisations/ofsted")
