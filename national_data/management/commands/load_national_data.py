from django.core.management.base import BaseCommand, CommandParser

from areas.models import Area
from inspections import standing
from inspections.models import Source, SourceKind
from national_data.loading import load_national_data


class Command(BaseCommand):
    help = (
        "Loads every local area, every framework-1 inspection and revisit, every framework-2 "
        "outcome, the DfE/NHS England decisions and the seed letters. Safe to run again: "
        "a second run changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="do nothing if the data was loaded before, so admins' corrections stay",
        )

    def handle(self, *args: str, if_empty: bool = False, **options: object) -> None:
        if if_empty and Source.objects.filter(kind=SourceKind.STATISTICS).exists():
            self.stdout.write(
                "National data already loaded: kept as it is, with any admin corrections. "
                "Run `manage.py load_national_data` to reload it from the files."
            )
            # Areas loaded before their standing was stored: work it out once.
            unworked = list(
                Area.objects.filter(changed_at__isnull=True).values_list("pk", flat=True)
            )
            if unworked:
                standing.refresh(unworked)
                self.stdout.write(f"Worked out where {len(unworked)} areas stand.")
            # The rules may have changed since the standing was stored: work it out again,
            # and stamp only the areas whose standing changed, so other cached pages stay.
            standing.refresh(only_changed=True)
            return
        report = load_national_data()
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("National data loaded."))
