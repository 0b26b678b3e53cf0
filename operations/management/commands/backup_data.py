"""manage.py backup_data [PATH]: every row of the site's database, in one .json.gz file."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from operations.backups import BackupError, write_backup


class Command(BaseCommand):
    help = (
        "Back up every record (data, users, history, sessions) and every uploaded file a "
        "record points to (imported letters) to a .json.gz file: PATH, or "
        "backups/send-tracker-YYYYmmdd-HHMMSS.json.gz when PATH is a folder or not given. "
        "Restore it with restore_data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?", default=str(settings.BASE_DIR / "backups"))

    def handle(self, *args: str, path: str, **options: object) -> None:
        try:
            written, counts = write_backup(Path(path))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Backed up {sum(counts.values())} records of {len(counts)} kinds to {written}"
        )
