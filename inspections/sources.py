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
