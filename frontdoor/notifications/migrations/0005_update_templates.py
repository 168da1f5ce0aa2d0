"""Seed the templates of the "update" event (an officer writes to the resident)."""

from django.db import migrations

LONG_BODY = (
    "Dear ((name)),\n\n((details))\n\nYour reference: ((reference))\n"
    "Dealt with by: ((handled_by))\nAddress: ((address))"
)
SUBJECT = "((subject)) (((reference)))"
SMS_BODY = "((details)) Ref ((reference)), ((address)). Dealt with by ((handled_by))."


def seed(apps, schema_editor):
    Template = apps.get_model("notifications", "Template")
    for channel in ("email", "letter"):
        Template.objects.get_or_create(
            event="update", channel=channel, defaults={"subject": SUBJECT, "body": LONG_BODY}
        )
    Template.objects.get_or_create(
        event="update", channel="sms", defaults={"subject": "", "body": SMS_BODY}
    )


class Migration(migrations.Migration):
    dependencies = [("notifications", "0004_default_templates")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
