from django.core.management.base import BaseCommand

from inspections.loaders import load_national_data


class Command(BaseCommand):
    help = (
        "Loads every local area, every framework-1 inspection and revisit, every framework-2 "
        "outcome, the DfE/NHS England decisions and the seed letters. Safe to run again: "
        "a second run changes nothing."
    )

    def handle(self, *args, **options):
        report = load_national_data()
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("National data loaded."))
