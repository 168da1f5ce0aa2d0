"""Residents and businesses, the council's address gazetteer, and how to reach people."""

from django.conf import settings
from django.db import models

from frontdoor.catalogue.models import Ward


class Address(models.Model):
    """A property in the council's gazetteer, keyed by its UPRN."""

    uprn = models.CharField("UPRN", max_length=16, unique=True)
    line1 = models.CharField(max_length=200)
    street = models.CharField(max_length=150, blank=True)
    town = models.CharField(max_length=100)
    postcode = models.CharField(max_length=8, db_index=True)
    latitude = models.FloatField()
    longitude = models.FloatField()
    ward = models.ForeignKey(Ward, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["postcode", "street", "line1"]
        verbose_name_plural = "addresses"

    def __str__(self) -> str:
        return self.one_line

    @property
    def one_line(self) -> str:
        return f"{self.line1}, {self.town}, {self.postcode}"


class ContactPreference(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "Text message"
    LETTER = "letter", "Letter"
    PHONE = "phone", "Phone"


class Person(models.Model):
    """A resident, business contact or someone acting for one."""

    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True, db_index=True)
    phone = models.CharField(max_length=30, blank=True, db_index=True)
    address = models.ForeignKey(Address, null=True, blank=True, on_delete=models.SET_NULL)
    organisation = models.CharField(max_length=200, blank=True)
    contact_preference = models.CharField(
        max_length=10, choices=ContactPreference, default=ContactPreference.EMAIL
    )
    access_needs = models.TextField(
        blank=True, help_text="e.g. large print, text relay, an interpreter (language)."
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resident_profile",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name


class SensitiveDetails(models.Model):
    """Vulnerability and equalities data: restricted by role, every view logged.

    Kept apart from `Person` so that no query for a worklist or a case summary
    can read it by accident: only `people.selectors.sensitive_details` does.
    """

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="sensitive_details"
    )
    vulnerability = models.TextField(
        blank=True, help_text="e.g. lives alone with dementia; safeguarding concern."
    )
    equalities = models.JSONField(
        default=dict, blank=True, help_text="Answers to the equalities questions, by question."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "sensitive details"

    def __str__(self) -> str:
        return f"Sensitive details of person {self.person_id}"
