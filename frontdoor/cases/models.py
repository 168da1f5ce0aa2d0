"""Contacts (each interaction) and cases (the work), with their deadlines and timeline."""

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.db import models

from frontdoor.catalogue.models import CaseKind, Partner, Service, ServiceStandard, Team, Ward
from frontdoor.core.actors import CHANNEL_LABELS
from frontdoor.people.models import Address, Person

CHANNEL_CHOICES = [(channel.value, label) for channel, label in CHANNEL_LABELS.items()]


class Status(models.TextChoices):
    RECEIVED = "received", "Received"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    IN_PROGRESS = "in_progress", "In progress"
    AWAITING_CUSTOMER = "awaiting_customer", "Waiting for you"
    AWAITING_PARTNER = "awaiting_partner", "With our partner"
    WORK_DONE = "work_done", "Work done"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"
    WITHDRAWN = "withdrawn", "Withdrawn"


OPEN_STATUSES: frozenset[str] = frozenset(
    {
        Status.RECEIVED,
        Status.ACKNOWLEDGED,
        Status.IN_PROGRESS,
        Status.AWAITING_CUSTOMER,
        Status.AWAITING_PARTNER,
        Status.WORK_DONE,
    }
)


class Outcome(models.TextChoices):
    DONE = "done", "Done"
    NO_ACTION_NEEDED = "no_action_needed", "No further action needed"
    NOT_COUNCILS_RESPONSIBILITY = "not_councils_responsibility", "Not the council's responsibility"
    REFERRED = "referred", "Referred elsewhere"
    DUPLICATE = "duplicate", "Duplicate of another case"
    UPHELD = "upheld", "Upheld"
    PARTLY_UPHELD = "partly_upheld", "Partly upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"


COMPLAINT_OUTCOMES: frozenset[str] = frozenset(
    {Outcome.UPHELD, Outcome.PARTLY_UPHELD, Outcome.NOT_UPHELD}
)


class VisitWindow(models.TextChoices):
    """The part of the day a booked visit falls in: what the resident is told to expect."""

    MORNING = "morning", "Morning (8am to 12 noon)"
    AFTERNOON = "afternoon", "Afternoon (12 noon to 5pm)"
    ALL_DAY = "all_day", "All day (8am to 5pm)"

    @property
    def ends_at_hour(self) -> int:
        """The local hour the window closes: a window already over today cannot be booked."""
        return 12 if self == VisitWindow.MORNING else 17


def visit_in_words(day: dt.date, window: str) -> str:
    """'Thursday 26 November 2026, morning (8am to 12 noon)': as residents and partners read it."""
    label = str(VisitWindow(window).label) if window else ""
    return f"{day:%A} {day.day} {day:%B %Y}" + (f", {label[0].lower()}{label[1:]}" if label else "")


class ComplaintStage(models.IntegerChoices):
    STAGE_1 = 1, "Stage 1"
    STAGE_2 = 2, "Stage 2"
    OMBUDSMAN = 3, "Referred to the Ombudsman"


class ComplaintTheme(models.Model):
    """What complaints are about (delay, communication, staff conduct…), for lessons learned."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    is_active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Remedy(models.TextChoices):
    """How a complaint was put right (the Ombudsman's remedies guidance)."""

    APOLOGY = "apology", "An apology"
    EXPLANATION = "explanation", "An explanation"
    PUT_RIGHT = "put_right", "The service put right"
    FINANCIAL = "financial", "A payment"
    POLICY_CHANGE = "policy_change", "A change to a policy or procedure"
    TRAINING = "training", "Staff training or guidance"


class Case(models.Model):
    reference = models.CharField(max_length=16, unique=True)
    kind = models.CharField(max_length=20, choices=CaseKind)
    status = models.CharField(max_length=20, choices=Status, default=Status.RECEIVED)
    is_open = models.BooleanField(default=True)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="cases")
    standard = models.ForeignKey(
        ServiceStandard,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The promise in force.",
    )
    channel = models.CharField(max_length=12, choices=CHANNEL_CHOICES)

    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT)
    partner = models.ForeignKey(Partner, null=True, blank=True, on_delete=models.PROTECT)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_cases",
    )
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT)

    description = models.TextField(blank=True)
    answers = models.JSONField(default=dict, blank=True)
    address = models.ForeignKey(Address, null=True, blank=True, on_delete=models.PROTECT)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    location_description = models.CharField(max_length=300, blank=True)
    ward = models.ForeignKey(Ward, null=True, blank=True, on_delete=models.SET_NULL)

    received_at = models.DateTimeField(help_text="When the contact reached us.")
    clock_started_at = models.DateTimeField(help_text="Received, moved to the next opening.")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    work_done_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    status_before_pause = models.CharField(max_length=20, choices=Status, blank=True)

    response = models.TextField(blank=True, help_text="What we told the resident at the end.")
    outcome = models.CharField(max_length=30, choices=Outcome, blank=True)
    work_done_note = models.TextField(blank=True)
    reopened_count = models.PositiveSmallIntegerField(default=0)

    complaint_stage = models.PositiveSmallIntegerField(
        choices=ComplaintStage, null=True, blank=True
    )
    stage_one_handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who answered stage 1; stage 2 must be someone else.",
    )
    themes = models.ManyToManyField(ComplaintTheme, blank=True, related_name="cases")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="member_enquiries",
        help_text="The councillor who raised a member enquiry; responses go to them.",
    )
    work_booked_for = models.DateField(
        null=True, blank=True, help_text="The day the team or partner booked the work for."
    )
    work_booked_window = models.CharField(
        max_length=10,
        choices=VisitWindow,
        blank=True,
        help_text="The part of that day the visit falls in.",
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_cases"
    )

    next_due_at = models.DateTimeField(
        null=True, blank=True, help_text="The nearest pending deadline, for worklists."
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes: ClassVar[list[models.Index]] = [
            models.Index(
                fields=["team", "next_due_at", "id"],
                name="open_cases_by_team_due",
                condition=models.Q(is_open=True),
            ),
            models.Index(
                fields=["partner", "next_due_at", "id"],
                name="open_cases_by_partner_due",
                condition=models.Q(is_open=True),
            ),
            models.Index(
                fields=["owner", "next_due_at", "id"],
                name="open_cases_by_owner_due",
                condition=models.Q(is_open=True),
            ),
            models.Index(
                fields=["service", "latitude", "longitude"],
                name="open_cases_near",
                condition=models.Q(is_open=True),
            ),
            models.Index(fields=["received_at"], name="cases_by_received"),
        ]

    def __str__(self) -> str:
        return self.reference


class Deadline(models.Model):
    """One promise on a case: when it is due and whether it was kept."""

    class Promise(models.TextChoices):
        ACKNOWLEDGE = "acknowledge", "Acknowledge"
        RESPOND = "respond", "Respond or resolve"

    class Result(models.TextChoices):
        PENDING = "pending", "Pending"
        MET = "met", "Met"
        BREACHED = "breached", "Breached"
        CANCELLED = "cancelled", "No longer needed"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    promise = models.CharField(max_length=12, choices=Promise)
    stage = models.PositiveSmallIntegerField(
        default=0, help_text="Complaint stage, or 0 for other kinds."
    )
    starts_at = models.DateTimeField()
    due_at = models.DateTimeField()
    original_due_at = models.DateTimeField()
    paused_since = models.DateTimeField(null=True, blank=True)
    paused_seconds = models.PositiveIntegerField(default=0)
    extended_at = models.DateTimeField(null=True, blank=True)
    extension_reason = models.TextField(blank=True)
    result = models.CharField(max_length=10, choices=Result, default=Result.PENDING)
    completed_at = models.DateTimeField(null=True, blank=True)
    breached_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(
                fields=["due_at"],
                name="pending_deadlines_by_due",
                condition=models.Q(completed_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.promise} by {self.due_at:%Y-%m-%d %H:%M}"

    @property
    def is_pending(self) -> bool:
        return self.completed_at is None and self.result != self.Result.CANCELLED


class Contact(models.Model):
    """One interaction with someone, on any channel; a chaser is one linked to an open case."""

    class Direction(models.TextChoices):
        INBOUND = "in", "Inbound"
        OUTBOUND = "out", "Outbound"

    class Purpose(models.TextChoices):
        NEW_REQUEST = "new_request", "New request"
        CHASER = "chaser", "Chasing progress"
        UPDATE = "update", "Giving more information"
        FOLLOW = "follow", "Reporting something already reported"
        ADVICE = "advice", "Advice or information"
        OTHER = "other", "Other"

    channel = models.CharField(max_length=12, choices=CHANNEL_CHOICES)
    direction = models.CharField(max_length=3, choices=Direction, default=Direction.INBOUND)
    purpose = models.CharField(max_length=12, choices=Purpose, default=Purpose.NEW_REQUEST)
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT)
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="contacts"
    )
    at = models.DateTimeField()
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    summary = models.TextField(blank=True)
    outcome = models.CharField(max_length=200, blank=True)
    resolved_at_first_contact = models.BooleanField(default=False)
    is_failure_demand = models.BooleanField(default=False)

    class Meta:
        indexes: ClassVar[list[models.Index]] = [models.Index(fields=["at"], name="contacts_by_at")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} contact {self.at:%Y-%m-%d %H:%M}"


class TimelineEvent(models.Model):
    """Every change to a case: who, when, what, from which channel."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField()
    verb = models.CharField(max_length=40)
    summary = models.TextField()
    public = models.BooleanField(default=False, help_text="Shown to the resident.")
    actor_label = models.CharField(max_length=200)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    channel = models.CharField(max_length=12, choices=CHANNEL_CHOICES)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case} {self.verb}"


class CaseLink(models.Model):
    class Kind(models.TextChoices):
        RELATED = "related", "Related"
        DUPLICATE = "duplicate", "Duplicate"

    from_case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links_out")
    to_case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.RELATED)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["from_case", "to_case"], name="one_link_per_pair"),
            models.CheckConstraint(
                condition=~models.Q(from_case=models.F("to_case")), name="no_self_link"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_case} {self.kind} {self.to_case}"


class CaseFollower(models.Model):
    """Someone who asked to hear about a case they did not report."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="followers")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="followed_cases")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="follow_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person} follows {self.case}"


class CasePhoto(models.Model):
    """A photo of the problem: re-encoded without its metadata, with a thumbnail; or a
    link to a photo held elsewhere (an Open311 client's `media_url`)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to="case-photos/%Y/%m/", blank=True)
    thumbnail = models.ImageField(upload_to="case-photos/%Y/%m/thumbs/", blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    source_url = models.URLField(max_length=500, blank=True)
    evidence = models.BooleanField(
        default=False, help_text="Taken by whoever did the work, to show it done."
    )
    channel = models.CharField(max_length=12, choices=CHANNEL_CHOICES, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"Photo for {self.case}"


class ComplaintAnswer(models.Model):
    """The answer at one complaint stage: outcome, remedies and who gave it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="complaint_answers")
    stage = models.PositiveSmallIntegerField(choices=ComplaintStage)
    outcome = models.CharField(max_length=30, choices=Outcome)
    remedies = models.JSONField(default=list, blank=True, help_text="Remedy keys.")
    remedy_details = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField()

    class Meta:
        ordering = ["case", "stage"]
        constraints = [
            models.UniqueConstraint(fields=["case", "stage"], name="one_answer_per_stage")
        ]

    def __str__(self) -> str:
        return f"{self.case} stage {self.stage}: {self.get_outcome_display()}"


class LearningAction(models.Model):
    """What the council will change because of a complaint, with an owner and a due date."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="learning_actions")
    action = models.TextField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="learning_actions"
    )
    due_on = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    completion_note = models.TextField(blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(
                fields=["owner", "due_on"],
                name="open_learning_by_owner",
                condition=models.Q(completed_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.action[:40]}"


class CaseShare(models.Model):
    """A case shown to a team or a person outside the team that holds it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="shares")
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.CASCADE)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="shared_cases",
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(team__isnull=True, user__isnull=False)
                | models.Q(team__isnull=False, user__isnull=True),
                name="share_with_team_or_user",
            ),
        ]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["user", "case"], name="case_shares_by_user"),
            models.Index(fields=["team", "case"], name="case_shares_by_team"),
        ]

    def __str__(self) -> str:
        return f"{self.case} shared with {self.team or self.user}"
