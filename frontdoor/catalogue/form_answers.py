"""A question's answer as an HTML form posts it, and back again for the form.

Shared by the resident report journey (one question per page, fields named
`answer`) and the staff assisted-contact screen (every question on one page,
fields named by question): both render `web/macros/question_field.html`.
"""

import datetime as dt
from typing import Any

from django.http import QueryDict

from .models import ServiceQuestion

NOT_A_DATE = "not a date"
_DATE_PARTS = ("year", "month", "day")


def posted_answer(data: QueryDict, question: ServiceQuestion, name: str = "answer") -> Any:
    """The raw answer (checked later by `clean_answers`): a list for several choices,
    an ISO date from the three date boxes, else the text as typed."""
    if question.kind == ServiceQuestion.Kind.MULTIPLE_CHOICE:
        return [str(item)[:200] for item in data.getlist(name)[:50]]
    if question.kind == ServiceQuestion.Kind.DATE:
        parts = [str(data.get(f"{name}-{part}", "")).strip()[:4] for part in _DATE_PARTS]
        if not any(parts):
            return ""
        try:
            return dt.date(*(int(part) for part in parts)).isoformat()
        except ValueError:
            return NOT_A_DATE
    return str(data.get(name, ""))[:5000]


def date_parts(
    question: ServiceQuestion, value: Any, data: QueryDict | None = None, name: str = "answer"
) -> dict[str, str]:
    """A date answer split back into the boxes it was typed in (as typed, if not a date)."""
    if question.kind != ServiceQuestion.Kind.DATE or not value:
        return {}
    if value == NOT_A_DATE:
        typed = data if data is not None else QueryDict()
        return {part: str(typed.get(f"{name}-{part}", ""))[:4] for part in _DATE_PARTS}
    year, month, day = str(value).split("-")
    return {"year": year, "month": month.lstrip("0"), "day": day.lstrip("0")}


def error_field(question: ServiceQuestion, name: str = "answer") -> str:
    """The id an error summary links to: a date's first box, else the field itself."""
    return f"{name}-day" if question.kind == ServiceQuestion.Kind.DATE else name
