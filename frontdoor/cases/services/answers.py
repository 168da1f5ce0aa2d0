"""Checking answers to a service's questions; every channel shares these rules."""

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from frontdoor.catalogue.models import Service, ServiceQuestion
from frontdoor.core.errors import InvalidInput

Answer = str | int | float | bool | list[str]
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0"}
MAX_TEXT = 4000


def _is_blank(value: object) -> bool:
    return (
        value is None
        or value == ""
        or value == []
        or (isinstance(value, str) and not value.strip())
    )


def _clean(question: ServiceQuestion, value: object) -> Answer:
    kind = question.Kind
    field = f"answers.{question.code}"
    label = question.label.rstrip("?")
    if question.kind == kind.TEXT:
        text = str(value).strip()
        if len(text) > MAX_TEXT:
            raise InvalidInput(f"{label} must be {MAX_TEXT} characters or fewer.", field=field)
        return text
    if question.kind == kind.NUMBER:
        try:
            number = Decimal(str(value).strip().replace(",", ""))
        except InvalidOperation:
            raise InvalidInput(f"{label} must be a number.", field=field) from None
        if not number.is_finite():
            raise InvalidInput(f"{label} must be a number.", field=field)
        return int(number) if number == number.to_integral_value() else float(number)
    if question.kind == kind.DATE:
        try:
            return dt.date.fromisoformat(str(value).strip()).isoformat()
        except ValueError:
            raise InvalidInput(f"{label} must be a real date.", field=field) from None
    if question.kind == kind.YES_NO:
        text = str(value).strip().lower()
        if isinstance(value, bool):
            return value
        if text in _YES or text in _NO:
            return text in _YES
        raise InvalidInput(f"Select yes or no for {label.lower()}.", field=field)
    keys = question.choice_keys
    if question.kind == kind.SINGLE_CHOICE:
        if str(value) not in keys:
            raise InvalidInput(f"Select one of the options for {label.lower()}.", field=field)
        return str(value)
    chosen = [str(item) for item in (value if isinstance(value, list | tuple) else [value])]
    if any(item not in keys for item in chosen):
        raise InvalidInput(f"Select only the options listed for {label.lower()}.", field=field)
    return sorted(set(chosen), key=keys.index)


def _answer(question: ServiceQuestion, value: object) -> Answer | None:
    """One typed answer, or None for a blank optional one."""
    if _is_blank(value):
        if question.required:
            raise InvalidInput(
                f"Answer the question: {question.label}", field=f"answers.{question.code}"
            )
        return None
    return _clean(question, value)


def clean_answers(service: Service, answers: Mapping[str, object]) -> dict[str, Answer]:
    """Answers keyed by question code, typed; unknown codes are ignored."""
    cleaned: dict[str, Answer] = {}
    for question in service.questions.all():
        answer = _answer(question, answers.get(question.code))
        if answer is not None:
            cleaned[question.code] = answer
    return cleaned


def answer_problems(service: Service, answers: Mapping[str, object]) -> dict[str, str]:
    """Every question's problem at once, by question code: for a form showing them all."""
    problems: dict[str, str] = {}
    for question in service.questions.all():
        try:
            _answer(question, answers.get(question.code))
        except InvalidInput as error:
            problems[question.code] = error.message
    return problems
