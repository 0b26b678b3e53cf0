"""What the public sends the editors (mistake reports and feedback): one limit for both."""

from django.http import HttpRequest

from limits.clients import client_address
from limits.counting import over_limit

REPORTS_PER_HOUR = 5
TOO_MANY = "You have sent several reports in the last hour. Thank you: please try again later."


def over_report_limit(request: HttpRequest) -> bool:
    """Counts this try: true once the person has sent five reports or feedback this hour."""
    return over_limit(f"mistake-reports:{client_address(request)}", REPORTS_PER_HOUR)
