from django.core.management.base import BaseCommand

from alerts.mail import send_alerts


class Command(BaseCommand):
    help = (
        "Email each confirmed subscription what is new in its area since the last run: "
        "letters and reports, decisions and public progress updates, each once. Run from cron."
    )

    def handle(self, *args: str, **options: object) -> None:
        sent = send_alerts()
        self.stdout.write(f"Sent {sent} alert email{'s' if sent != 1 else ''}.")
