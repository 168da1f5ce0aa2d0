"""A record of every email and text received, so the same one is never handled twice."""

from django.db import models


class Outcome(models.TextChoices):
    CONTACT = "contact", "Added to a case"
    NEW_CASE = "new_case", "New enquiry"
    IGNORED = "ignored", "Ignored (automatic reply or bounce)"
    UNMATCHED = "unmatched", "No case found"


class InboundEmail(models.Model):
    # The Message-ID, or a digest of the mail when it has none: delivered twice, stored once.
    message_id = models.CharField(max_length=255, unique=True)
    received_at = models.DateTimeField(auto_now_add=True)
    sender = models.EmailField(blank=True)
    subject = models.CharField(max_length=255, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome)
    reason = models.CharField(max_length=200, blank=True)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"Email {self.subject[:40]!r} ({self.get_outcome_display()})"


class InboundText(models.Model):
    provider_id = models.CharField(max_length=100, unique=True)
    received_at = models.DateTimeField(auto_now_add=True)
    outcome = models.CharField(max_length=10, choices=Outcome)
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"Text {self.provider_id} ({self.get_outcome_display()})"
