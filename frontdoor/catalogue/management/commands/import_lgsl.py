import csv
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from frontdoor.catalogue.models import LgslService


class Command(BaseCommand):
    help = "Import the Local Government Services List (CSV with Identifier, Label, Description)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="e.g. esd_lgsl_services.csv")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        with path.open(encoding="utf-8-sig", newline="") as source:
            reader = csv.DictReader(source)
            missing = {"Identifier", "Label"} - set(reader.fieldnames or [])
            if missing:
                raise CommandError(f"The file has no {', '.join(sorted(missing))} column.")
            rows = []
            for line, row in enumerate(reader, start=2):
                try:
                    code = int(row["Identifier"])
                except ValueError:
                    raise CommandError(
                        f"Line {line}: '{row['Identifier']}' is not a code."
                    ) from None
                rows.append(
                    LgslService(
                        code=code,
                        label=row["Label"].strip()[:300],
                        description=(row.get("Description") or "").strip(),
                    )
                )
        with transaction.atomic():
            LgslService.objects.bulk_create(
                rows,
                batch_size=500,
                update_conflicts=True,
                unique_fields=["code"],
                update_fields=["label", "description"],
            )
        self.stdout.write(self.style.SUCCESS(f"Imported {len(rows)} LGSL services."))
