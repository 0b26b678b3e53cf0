from django.core.management.base import BaseCommand

from letters import uploads


class Command(BaseCommand):
    help = (
        "Removes letters uploaded for import and left unconfirmed for over a day "
        "(their review has expired). Run it daily, from cron or a scheduler."
    )

    def handle(self, *args: str, **options: object) -> None:
        removed = uploads.clear_stale()
        for name in removed:
            self.stdout.write(f"removed {name}")
        self.stdout.write(
            f"Removed {len(removed)} pending upload{'s' if len(removed) != 1 else ''} "
            "older than a day."
        )
