"""The council this deployment serves: its name, nation, hours and closures."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from .calendar import ENGLAND_AND_WALES, NORTHERN_IRELAND, SCOTLAND


class Nation(models.TextChoices):
    ENGLAND_AND_WALES = ENGLAND_AND_WALES, "England and Wales"
    SCOTLAND = SCOTLAND, "Scotland"
    NORTHERN_IRELAND = NORTHERN_IRELAND, "Northern Ireland"


class Council(models.Model):
    """One row: the council's identity and the nation whose bank holidays apply."""

    name = models.CharField(max_length=200)
    nation = models.CharField(max_length=20, choices=Nation, default=Nation.ENGLAND_AND_WALES)
    district_code = models.CharField(
        max_length=9, blank=True, help_text="ONS/GSS code of the council's area, e.g. E09000016."
    )
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    brand_colour = models.CharField(max_length=7, default="#1d70b8", help_text="#rrggbb")
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.name


class Weekday(models.IntegerChoices):
    MONDAY = 0
    TUESDAY = 1
    WEDNESDAY = 2
    THURSDAY = 3
    FRIDAY = 4
    SATURDAY = 5
    SUNDAY = 6


class OpeningHours(models.Model):
    """When the council is open on one weekday; a weekday without a row is closed."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(choices=Weekday)
    opens = models.TimeField(default=dt.time(9, 0))
    closes = models.TimeField(default=dt.time(17, 0))

    class Meta:
        ordering = ["weekday"]
        verbose_name_plural = "opening hours"
        constraints = [
            models.UniqueConstraint(fields=["council", "weekday"], name="one_window_per_weekday"),
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")), name="closes_after_opening"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self) -> None:
        if self.opens is not None and self.closes is not None and self.closes <= self.opens:
            raise ValidationError({"closes": "Closing time must be after opening time."})


class ClosureDay(models.Model):
    """A day the council is closed besides weekends and bank holidays."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="closure_days")
    date = models.DateField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["council", "date"], name="one_closure_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.date:%d %B %Y} {self.reason}".strip()


class ScheduledJob(models.Model):
    """One scheduled task's claim on one minute: whichever scheduler inserts it enqueues the task.

    The unique constraint is the lock, so two schedulers running side by side
    (two machines, a restart overlapping the old process) enqueue each job once.
    """

    task = models.CharField(max_length=200, help_text="Dotted path of the task.")
    minute = models.DateTimeField(help_text="The minute (UTC) the job was due.")
    enqueued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-minute", "task"]
        constraints = [
            models.UniqueConstraint(fields=["task", "minute"], name="one_run_per_task_and_minute")
        ]
        indexes = [models.Index(fields=["minute"], name="scheduled_job_minute")]

    def __str__(self) -> str:
        return f"{self.task} at {self.minute:%Y-%m-%d %H:%M}"


class AuditEntry(models.Model):
    """A view of a restricted record: who saw what, when. For investigation, not for screens.

    Separate from case timelines on purpose (those drive screens and SLA maths);
    rows are only ever added.
    """

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40)
    context = models.CharField(max_length=200, blank=True, help_text="e.g. the case reference.")

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action} {self.object_type}"


class FailedSignIn(models.Model):
    """One failed staff sign-in, kept for the lockout window.

    Stored in the database, not a per-process cache, so every server process
    counts the same failures. The username is as typed; the client address
    is kept only as a keyed hash.
    """

    at = models.DateTimeField(db_index=True)
    username = models.CharField(max_length=150, db_index=True)
    client_hash = models.CharField(max_length=64, db_index=True)

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.username}"
