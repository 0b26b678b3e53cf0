from django.core.management.base import BaseCommand

from letters.shipped import FINDINGS_JSON, write_findings


class Command(BaseCommand):
    help = (
        "Reads every 2023-framework report in letters/data/reports/ and writes their "
        "findings, with suggested themes and the hand corrections, to "
        "letters/data/framework_2_findings.json (which load_national_data loads)."
    )

    def handle(self, *args: str, **options: object) -> None:
        findings = write_findings()
        for report in findings["reports"]:
            self.stdout.write(
                f"{report['file']}: {len(report['priority_actions'])} areas for priority "
                f"action, {len(report['areas_for_improvement'])} areas for improvement"
            )
            for warning in report["warnings"]:
                self.stdout.write(f"  warning: {warning}")
        self.stdout.write(self.style.SUCCESS(f"Wrote {FINDINGS_JSON}"))
