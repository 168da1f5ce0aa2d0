"""API clients (keys stored only as hashes) and the record of idempotent requests."""

from typing import ClassVar

from django.conf import settings
from django.db import models


class Scope(models.TextChoices):
    READ = "read", "Read cases and the catalogue"
    WRITE = "write", "Report problems and add updates"
    STAFF = "staff", "Work cases and see residents (acts as the linked staff user)"


class ApiClient(models.Model):
    """One system that calls the APIs: FixMyStreet, an app, a back-office system."""

    name = models.CharField(max_length=150, unique=True)
    key_prefix = models.CharField(
        max_length=12, help_text="The key's first characters, to tell keys apart."
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(default=list, help_text="Any of: read, write, staff.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="Staff scope acts as this user, with their teams and permissions.",
    )
    requests_per_minute = models.PositiveIntegerField(default=120)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "API client"

    def __str__(self) -> str:
        return self.name

    def has_scope(self, scope: str) -> bool:
        return scope in (self.scopes or [])


class IdempotentRequest(models.Model):
    """The first answer to a request sent with an idempotency key, replayed on retries."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE)
    key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64, help_text="Method, path and body hash.")
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    body = models.TextField(blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["client", "key"], name="one_answer_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.client} {self.key}"


class WebhookSubscription(models.Model):
    """A client's URL and the case events it wants, signed with a shared secret.

    HMAC needs the secret itself on our side, so unlike API keys it cannot be
    stored as a hash; it is shown once to the client and only in the admin.
    """

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(max_length=500)
    events = models.JSONField(default=list, help_text='e.g. ["case.resolved"], or ["*"] for all.')
    secret = models.CharField(max_length=100, editable=False)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.client} → {self.url}"

    def wants(self, event: str) -> bool:
        return "*" in self.events or event in self.events


class WebhookCursor(models.Model):
    """How far through the timeline webhooks have been fanned out (one row)."""

    last_event_id = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"Webhooks sent up to timeline event {self.last_event_id}"


class WebhookDelivery(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        DELIVERED = "delivered", "Delivered"
        FAILED = "failed", "Gave up"

    subscription = models.ForeignKey(
        WebhookSubscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=60)
    payload = models.JSONField()
    state = models.CharField(max_length=10, choices=State, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "webhook deliveries"

    def __str__(self) -> str:
        return f"{self.event} to {self.subscription.url}"


class WebhookAttempt(models.Model):
    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    at = models.DateTimeField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.delivery} at {self.at:%Y-%m-%d %H:%M:%S}"


class RateWindow(models.Model):
    """How many calls a client made in one minute, counted by one atomic upsert a call
    (a cache's read-then-write counter would cost several statements and could miss calls)."""

    client = models.ForeignKey(ApiClient, on_delete=models.CASCADE, related_name="+")
    minute = models.BigIntegerField(help_text="Minutes since 1970 (UTC).")
    used = models.PositiveIntegerField(default=0)

    class Meta:
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["client", "minute"], name="one_count_per_minute")
        ]

    def __str__(self) -> str:
        return f"{self.client} {self.minute}: {self.used}"
