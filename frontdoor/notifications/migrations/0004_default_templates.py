"""Seed a template for every event the case services send, on every channel."""

from django.db import migrations

LONG_BODY = (
    "Dear ((name)),\n\n((details))\n\nYour reference: ((reference))\n"
    "Dealt with by: ((handled_by))\nAddress: ((address))"
)
SUBJECT = "((subject)) (((reference)))"
SMS_BODY = "((details)) Ref ((reference)), ((address)). Dealt with by ((handled_by))."
EVENTS = ["acknowledgement", "awaiting_customer", "extension", "resolved", "merged"]


def seed(apps, schema_editor):
    Template = apps.get_model("notifications", "Template")
    for event in EVENTS:
        for channel in ("email", "letter"):
            Template.objects.get_or_create(
                event=event, channel=channel, defaults={"subject": SUBJECT, "body": LONG_BODY}
            )
        Template.objects.get_or_create(
            event=event, channel="sms", defaults={"subject": "", "body": SMS_BODY}
        )


class Migration(migrations.Migration):
    dependencies = [("notifications", "0003_message_templates")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
