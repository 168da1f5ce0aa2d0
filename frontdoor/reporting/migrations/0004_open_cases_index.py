"""A covering index of open cases for the figures "now" (breaches, status, ageing, partners).

Every column those figures group or filter by is in the index, so PostgreSQL
answers them from the index alone, without visiting the case rows.
"""

from django.db import migrations

NAME = "reporting_open_cases"
COLUMNS = (
    "team_id, partner_id, status, service_id, ward_id, kind, channel, "
    "clock_started_at, next_due_at"
)


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0003_summed_over_wards"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {NAME} ON cases_case ({COLUMNS}) WHERE is_open",
            f"DROP INDEX IF EXISTS {NAME}",
        )
    ]
