"""The service catalogue: what residents can ask for, who does it, and the promise."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

# Roles live in their own module; imported here so Django finds their models.
from .staff import RolePolicy, StaffProfile  # noqa: F401


class CaseKind(models.TextChoices):
    SERVICE_REQUEST = "service_request", "Service request"
    ENQUIRY = "enquiry", "Enquiry"
    COMPLAINT = "complaint", "Complaint"
    MEMBER_ENQUIRY = "member_enquiry", "Member enquiry"


class Ward(models.Model):
    gss_code = models.CharField("GSS code", max_length=9, unique=True)
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
    """A heading residents browse by, e.g. "Bins and recycling"."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=150)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="teams")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Partner(models.Model):
    """An external organisation doing work for the council; sees only its own cases."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=150)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="partner_organisations"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Venue(models.Model):
    class Kind(models.TextChoices):
        TOWN_HALL = "town_hall", "Town Hall appointment centre"
        LIBRARY = "library", "Library"
        COMMUNITY_HUB = "community_hub", "Community hub"
        PARTNER_OFFICE = "partner_office", "Partner office"

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=20, choices=Kind)
    address = models.TextField()
    postcode = models.CharField(max_length=8)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    partner = models.ForeignKey(Partner, null=True, blank=True, on_delete=models.PROTECT)
    opening_times = models.TextField(blank=True, help_text="As residents should read them.")
    step_free_access = models.BooleanField(default=True)
    hearing_loop = models.BooleanField(default=False)

    class Meta:
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class LgslService(models.Model):
    """An entry of the Local Government Services List, imported for picking codes."""

    code = models.PositiveIntegerField(primary_key=True)
    label = models.CharField(max_length=300)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "LGSL service"

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class ServiceStandard(models.Model):
    """The promise: acknowledge within N working days, respond or resolve within M.

    For complaint stages the response clock is chained: it starts when the
    acknowledgement is sent, not when the complaint arrived.
    """

    class ResponseFrom(models.TextChoices):
        RECEIPT = "receipt", "Receipt"
        ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement"

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=150)
    acknowledge_days = models.PositiveSmallIntegerField(
        "acknowledge within (working days)", default=2
    )
    resolve_days = models.PositiveSmallIntegerField(
        "respond or resolve within (working days)", null=True, blank=True, default=10
    )
    resolve_hours = models.PositiveSmallIntegerField(
        "respond or resolve within (working hours)",
        null=True,
        blank=True,
        help_text="For urgent services; used instead of working days when set.",
    )
    response_from = models.CharField(
        max_length=20, choices=ResponseFrom, default=ResponseFrom.RECEIPT
    )
    acknowledge_automatically = models.BooleanField(
        default=True,
        help_text="Send the acknowledgement on receipt. Off for complaints, where a person "
        "acknowledges and the response clock starts then.",
    )
    pause_when_awaiting_customer = models.BooleanField(default=True)
    escalates_to = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The next stage's standard, for complaints.",
    )
    extension_allowed = models.BooleanField(default=True)
    max_extension_days = models.PositiveSmallIntegerField(
        "longest extension (working days)", default=10
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.resolve_days is None and self.resolve_hours is None:
            raise ValidationError("Set a response time in working days or in working hours.")


class Service(models.Model):
    class ChannelOffered(models.TextChoices):
        ONLINE = "online", "Online"
        PHONE = "phone", "Phone"
        EMAIL = "email", "Email"
        LETTER = "letter", "Letter"
        IN_PERSON = "in_person", "In person"

    code = models.SlugField(max_length=60, unique=True, help_text="Stable code used by APIs.")
    name = models.CharField(max_length=150)
    description = models.TextField(help_text="Plain English: what this is for.")
    what_happens_next = models.TextField(blank=True)
    synonyms = models.TextField(
        blank=True, help_text="Words people use, one phrase per line (e.g. 'dumped rubbish')."
    )
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="services")
    lgsl_code = models.PositiveIntegerField(
        "LGSL code",
        null=True,
        blank=True,
        help_text="Local Government Services List code; import the list to pick from it.",
    )
    kind = models.CharField(max_length=20, choices=CaseKind, default=CaseKind.SERVICE_REQUEST)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="services"
    )
    partner = models.ForeignKey(
        Partner, null=True, blank=True, on_delete=models.PROTECT, related_name="services"
    )
    standard = models.ForeignKey(ServiceStandard, on_delete=models.PROTECT, related_name="+")
    channels = models.JSONField(default=list, help_text="Channels offered, e.g. online, phone.")
    online_only = models.BooleanField(default=False)
    needs_location = models.BooleanField(default=False)
    needs_work_on_ground = models.BooleanField(
        default=False, help_text="Cannot be resolved until the team or partner records work done."
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(team__isnull=False) | models.Q(partner__isnull=False),
                name="service_has_owner",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.team_id is None and self.partner_id is None:
            raise ValidationError("A service needs an owning team or partner.")
        lgsl_known = LgslService.objects.exists()
        if (
            self.lgsl_code
            and lgsl_known
            and not LgslService.objects.filter(pk=self.lgsl_code).exists()
        ):
            raise ValidationError({"lgsl_code": "That code is not in the imported LGSL list."})
        unknown = set(self.channels or []) - set(self.ChannelOffered.values)
        if unknown:
            raise ValidationError({"channels": f"Unknown channels: {', '.join(sorted(unknown))}"})

    @property
    def synonym_list(self) -> list[str]:
        return [line.strip() for line in self.synonyms.splitlines() if line.strip()]


class ServiceQuestion(models.Model):
    class Kind(models.TextChoices):
        TEXT = "text", "Text"
        NUMBER = "number", "Number"
        DATE = "date", "Date"
        SINGLE_CHOICE = "single_choice", "Single choice"
        MULTIPLE_CHOICE = "multiple_choice", "Multiple choice"
        YES_NO = "yes_no", "Yes or no"

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(max_length=60)
    label = models.CharField(max_length=300)
    hint = models.CharField(max_length=300, blank=True)
    kind = models.CharField(max_length=20, choices=Kind, default=Kind.TEXT)
    required = models.BooleanField(default=True)
    choices = models.JSONField(
        default=list, blank=True, help_text="For choice questions: a list of {key, label}."
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["service", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["service", "code"], name="question_code_per_service")
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        is_choice = self.kind in {self.Kind.SINGLE_CHOICE, self.Kind.MULTIPLE_CHOICE}
        if is_choice and not self.choices:
            raise ValidationError({"choices": "A choice question needs its choices."})

    @property
    def choice_keys(self) -> list[str]:
        return [str(choice["key"]) for choice in self.choices]

    def shown(self, value: object) -> str:
        """An answer in words (staff and residents read the same): choices by their labels,
        yes or no (typed `yes`/`no` in a journey, kept as true/false on a case), lists joined."""
        labels = {str(choice["key"]): str(choice["label"]) for choice in self.choices}
        if isinstance(value, list):
            return ", ".join(labels.get(str(item), str(item)) for item in value)
        if self.kind == self.Kind.YES_NO:
            words = {"yes": "Yes", "true": "Yes", "no": "No", "false": "No"}
            return words.get(str(value).lower(), str(value))
        return labels.get(str(value), str(value))


class RoutingRule(models.Model):
    """Sends a service's cases in an area to a team or partner; most specific wins."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="routing_rules")
    ward = models.ForeignKey(Ward, null=True, blank=True, on_delete=models.CASCADE)
    team = models.ForeignKey(Team, null=True, blank=True, on_delete=models.PROTECT)
    partner = models.ForeignKey(Partner, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(team__isnull=False) & models.Q(partner__isnull=True))
                | (models.Q(team__isnull=True) & models.Q(partner__isnull=False)),
                name="rule_routes_to_one",
            ),
            models.UniqueConstraint(fields=["service", "ward"], name="one_rule_per_area"),
            models.UniqueConstraint(
                fields=["service"], condition=models.Q(ward__isnull=True), name="one_default_rule"
            ),
        ]

    def __str__(self) -> str:
        where = self.ward.name if self.ward else "everywhere"
        return f"{self.service} in {where} → {self.team or self.partner}"

    def clean(self) -> None:
        if (self.team_id is None) == (self.partner_id is None):
            raise ValidationError("Route to a team or to a partner, not both.")


class ResponseTemplate(models.Model):
    """Reusable words for answering a service's cases, with ((placeholders)).

    Placeholders: ((name)), ((reference)), ((service)), ((address)),
    ((officer)) and ((team)); the officer edits the filled text before sending.
    """

    service = models.ForeignKey(
        Service,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="response_templates",
        help_text="Leave empty for a template offered on every service.",
    )
    title = models.CharField(max_length=120)
    body = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title
