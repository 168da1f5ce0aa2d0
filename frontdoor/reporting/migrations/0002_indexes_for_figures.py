"""Indexes on the case tables that rebuilding a month of figures reads by.

Created here rather than on the case models so reporting's needs stay in
reporting; plain SQL that both SQLite and PostgreSQL accept.
"""

from django.db import migrations

INDEXES = [
    ("reporting_deadlines_by_completed", "cases_deadline", "completed_at"),
    ("reporting_events_by_verb_at", "cases_timelineevent", "verb, at"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0001_initial"),
        ("cases", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})",
            f"DROP INDEX IF EXISTS {name}",
        )
        for name, table, columns in INDEXES
    ]
