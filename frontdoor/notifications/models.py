"""The outbox: every message to a resident is a row written with the change that caused it."""

import uuid
from typing import Any

from django.db import models


class Message(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        SMS = "sms", "Text message"
        LETTER = "letter", "Letter"

    class State(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    # The id doubles as the provider's reference, so a retried send is never a second message.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="messages"
    )
    person = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    event = models.CharField(max_length=40)
    channel = models.CharField(max_length=10, choices=Channel)
    recipient = models.CharField(max_length=254)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    # The placeholder values the words were made from, so a fallback can be re-worded.
    values = models.JSONField(default=dict, blank=True)
    urgent = models.BooleanField(default=False, help_text="Urgent texts ignore quiet hours.")
    state = models.CharField(max_length=10, choices=State, default=State.QUEUED, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When the next send may happen: quiet hours and backoff push it later.
    not_before = models.DateTimeField(null=True, blank=True)
    # A worker holds a message in "sending" until its lease runs out; after that
    # another worker may take it (and asks the provider first whether it arrived).
    lease_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    provider = models.CharField(max_length=20, blank=True)
    provider_id = models.CharField(max_length=100, blank=True, db_index=True)
    provider_status = models.CharField(max_length=30, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    fallback_of = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="fallback"
    )

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["state", "lease_until"], name="outbox_state_lease")]

    def __str__(self) -> str:
        return f"{self.event} to {self.get_channel_display()}"


class Template(models.Model):
    """The words of one event's message on one channel, editable by administrators."""

    event = models.CharField(max_length=40)
    channel = models.CharField(max_length=10, choices=Message.Channel)
    subject = models.CharField(
        max_length=200, blank=True, help_text="Email and letters. Placeholders like ((reference))."
    )
    body = models.TextField(help_text="Placeholders like ((name)), ((reference)), ((handled_by)).")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["event", "channel"]
        constraints = [
            models.UniqueConstraint(fields=["event", "channel"], name="one_template_per_channel")
        ]

    def __str__(self) -> str:
        return f"{self.event} ({self.get_channel_display()})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        _forget_templates()

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        deleted = super().delete(*args, **kwargs)
        _forget_templates()
        return deleted

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from .templating import EVENTS, problems

        errors = problems(
            event=self.event, channel=self.channel, subject=self.subject, body=self.body
        )
        if self.event not in EVENTS:
            errors.setdefault("event", []).append("Choose one of the events Front Door sends.")
        if errors:
            raise ValidationError(errors)


def _forget_templates() -> None:
    from .selectors import forget_templates

    forget_templates()
