from django.http import HttpRequest


def data_runs_to(request: HttpRequest) -> dict:
    """The date the tracker's inspection data runs to, for the line every page shows."""
    from django.utils.dateformat import format as date_format
    from django.utils.functional import lazy

    from freshness.status import freshness
    from inspections.runs_to import data_runs_to as latest

    def words() -> str:
        day = latest()
        if not day:
            return "The tracker holds no inspection data yet."
        return (
            f"The data here runs to {date_format(day, 'j F Y')}: the latest letter, report "
            f"or decision the tracker holds. {freshness().words()}"
        )

    return {"data_runs_to": lazy(words, str)()}
