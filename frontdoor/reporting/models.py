"""Monthly summaries behind every performance figure, and the published monthly snapshots.

The summaries are derived data: `rollup.refresh_figures` rebuilds a month
from the case records whenever anything new happens in it, so they stay
correct when a case changes. Each row counts one combination of the
dimensions a figure can be filtered by. Every row comes twice: once by
ward (`by_ward`), and once summed over wards, about twenty times fewer
rows, which every figure not filtered by ward reads. Foreign keys carry no constraint and
no index of their own: the rows are rebuilt wholesale and read by month.
"""

from typing import Any, ClassVar

from django.db import models

from frontdoor.catalogue.models import Partner, Service, Team, Ward


def _dimension(model: type[models.Model]) -> "models.ForeignKey[models.Model | None]":
    return models.ForeignKey(
        model,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )


class WorkingDay(models.Model):
    """The council's calendar as numbers: working days between two dates is a subtraction."""

    date = models.DateField(primary_key=True)
    ordinal = models.PositiveIntegerField(help_text="Working days up to and including this date.")
    is_working_day = models.BooleanField()

    def __str__(self) -> str:
        return f"{self.date} ({self.ordinal})"


class CaseDimensions(models.Model):
    month = models.DateField(help_text="First day of the month, Europe/London.")
    service = _dimension(Service)
    team = _dimension(Team)
    partner = _dimension(Partner)
    ward = _dimension(Ward)
    channel = models.CharField(max_length=12, help_text="The channel the case came in by.")
    kind = models.CharField(max_length=20)
    stage = models.PositiveSmallIntegerField(default=0, help_text="Complaint stage, else 0.")
    by_ward = models.BooleanField(default=True, help_text="False: summed over wards.")

    class Meta:
        abstract = True


class MonthlyCaseFigures(CaseDimensions):
    """Cases received, deadlines completed, reopenings and escalations in a month."""

    received = models.PositiveIntegerField(default=0)
    acknowledged_due = models.PositiveIntegerField(default=0)
    acknowledged_met = models.PositiveIntegerField(default=0)
    respond_due = models.PositiveIntegerField(default=0)
    respond_met = models.PositiveIntegerField(default=0)
    reopened = models.PositiveIntegerField(default=0)
    escalated = models.PositiveIntegerField(default=0, help_text="Into this stage.")

    class Meta:
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["by_ward", "month"], name="case_figures_by_month"),
            models.Index(fields=["by_ward", "team", "month"], name="case_figures_by_team"),
        ]

    def __str__(self) -> str:
        return f"cases {self.month:%Y-%m}"


class MonthlyResolutions(CaseDimensions):
    """Resolutions in a month by outcome and working days taken (for averages, percentiles)."""

    outcome = models.CharField(max_length=30)
    working_days = models.PositiveIntegerField()
    resolutions = models.PositiveIntegerField()

    class Meta:
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["by_ward", "month"], name="resolutions_by_month"),
            models.Index(fields=["by_ward", "team", "month"], name="resolutions_by_team"),
        ]

    def __str__(self) -> str:
        return f"resolutions {self.month:%Y-%m}"


class MonthlyContacts(models.Model):
    """Contacts in a month by their own channel and purpose, and the case they were about."""

    month = models.DateField()
    channel = models.CharField(max_length=12)
    direction = models.CharField(max_length=3)
    purpose = models.CharField(max_length=12)
    service = _dimension(Service)
    team = _dimension(Team)
    partner = _dimension(Partner)
    ward = _dimension(Ward)
    kind = models.CharField(max_length=20, blank=True)
    by_ward = models.BooleanField(default=True, help_text="False: summed over wards.")
    contacts = models.PositiveIntegerField()
    failure_demand = models.PositiveIntegerField()
    resolved_at_first_contact = models.PositiveIntegerField()

    class Meta:
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["by_ward", "month"], name="contacts_by_month"),
            models.Index(fields=["by_ward", "team", "month"], name="contacts_by_team"),
        ]

    def __str__(self) -> str:
        return f"contacts {self.month:%Y-%m}"


class RefreshState(models.Model):
    """How far the summaries have read: the last timeline event and contact included."""

    last_event_id = models.BigIntegerField(default=0)
    last_contact_id = models.BigIntegerField(default=0)
    calendar_key = models.CharField(max_length=64, blank=True)
    refreshed_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"figures refreshed at {self.refreshed_at}"


class PublishedMonth(models.Model):
    """The open data for one month, frozen when published: it never changes afterwards."""

    month = models.DateField(unique=True)
    published_at = models.DateTimeField()
    tables = models.JSONField(help_text="Each published figure, small numbers suppressed.")

    class Meta:
        ordering = ["-month"]

    def __str__(self) -> str:
        return f"performance data for {self.month:%B %Y}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValueError("Published performance data never changes.")
        super().save(*args, **kwargs)
