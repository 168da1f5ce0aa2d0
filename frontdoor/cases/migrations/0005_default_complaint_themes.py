"""Seed the complaint themes a new council starts with; administrators edit them."""

from django.db import migrations

THEMES = [
    ("delay", "Delay or missed deadline"),
    ("communication", "Communication"),
    ("staff-conduct", "Staff conduct"),
    ("quality-of-service", "Quality of the service or work"),
    ("policy-or-decision", "Policy or decision"),
    ("accessibility", "Access needs and reasonable adjustments"),
    ("partner-or-contractor", "A partner or contractor's work"),
]


def seed(apps, schema_editor):
    ComplaintTheme = apps.get_model("cases", "ComplaintTheme")
    for order, (slug, name) in enumerate(THEMES):
        ComplaintTheme.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_complaints_members_partners")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
