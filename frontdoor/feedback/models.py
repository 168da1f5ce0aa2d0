"""What residents tell us about how their case was dealt with."""

from typing import ClassVar

from django.db import models

from frontdoor.cases.models import CHANNEL_CHOICES, Case


class Rating(models.IntegerChoices):
    """The five-point scale councils' satisfaction surveys use, best first."""

    VERY_SATISFIED = 5, "Very satisfied"
    SATISFIED = 4, "Satisfied"
    NEITHER = 3, "Neither satisfied nor dissatisfied"
    DISSATISFIED = 2, "Dissatisfied"
    VERY_DISSATISFIED = 1, "Very dissatisfied"


# Ratings that count as satisfied in the satisfaction rate.
SATISFIED: frozenset[int] = frozenset({Rating.VERY_SATISFIED, Rating.SATISFIED})


class SatisfactionRating(models.Model):
    """One resident's rating of a resolved case: one per case, never changed."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="satisfaction")
    rating = models.PositiveSmallIntegerField(choices=Rating)
    comment = models.TextField(blank=True)
    survey_channel = models.CharField(
        max_length=12, choices=CHANNEL_CHOICES, help_text="Where the resident rated it."
    )
    rated_at = models.DateTimeField()

    class Meta:
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["rated_at"], name="ratings_by_time"),
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.get_rating_display()}"
