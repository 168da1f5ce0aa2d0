"""Reading ratings."""

from .models import SatisfactionRating


def rating_of(case_id: int) -> SatisfactionRating | None:
    return SatisfactionRating.objects.filter(case_id=case_id).first()
