"""Seed the template of the "breach_digest" event: a team lead's morning list of overdue cases."""

from django.db import migrations

SUBJECT = "((team)): ((count)) overdue cases this morning"
BODY = (
    "Good morning,\n\n"
    "The ((team)) team has ((count)) open cases past the date we promised residents:\n\n"
    "((breached_cases))\n\n"
    "Please check each one today and tell the resident what happens next."
)


def seed(apps, schema_editor):
    Template = apps.get_model("notifications", "Template")
    Template.objects.get_or_create(
        event="breach_digest", channel="email", defaults={"subject": SUBJECT, "body": BODY}
    )


class Migration(migrations.Migration):
    dependencies = [("notifications", "0006_message_cancelled")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
