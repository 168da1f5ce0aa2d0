"""A report in progress, kept in the session until it is sent.

Nothing reaches the database until "Send report": the answers, the location
and the contact details live in the resident's session, keyed by service, so
two journeys in two tabs do not mix.
"""

import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.sessions.backends.base import SessionBase

from frontdoor.catalogue.models import Service

QUESTION = "question"
WHERE = "where"
ADDRESS = "address"
DUPLICATES = "duplicates"
DETAILS = "details"
PHOTOS = "photos"
CONTACT = "contact"
CHECK = "check"


@dataclass(frozen=True)
class Step:
    name: str
    question: str = ""


class Journey:
    def __init__(self, session: SessionBase, service: Service) -> None:
        self.session = session
        self.service = service
        self.key = f"report:{service.code}"
        if self.key not in session:
            session[self.key] = {"answers": {}, "token": secrets.token_urlsafe(16)}

    @property
    def data(self) -> dict[str, Any]:
        value: dict[str, Any] = self.session[self.key]
        return value

    def get(self, name: str, default: Any = None) -> Any:
        return self.data.get(name, default)

    def update(self, **values: Any) -> None:
        self.data.update(values)
        self.session.modified = True

    def answer(self, code: str, value: Any) -> None:
        self.data["answers"][code] = value
        self.session.modified = True

    @property
    def answers(self) -> dict[str, Any]:
        answers: dict[str, Any] = self.data["answers"]
        return answers

    @property
    def token(self) -> str:
        return str(self.data["token"])

    def finish(self) -> None:
        del self.session[self.key]

    def steps(self) -> list[Step]:
        steps = [Step(QUESTION, question.code) for question in self.service.questions.all()]
        if self.service.needs_location:
            steps.append(Step(WHERE))
        steps.append(Step(DETAILS))
        if self.service.needs_location:
            steps.append(Step(PHOTOS))
        steps += [Step(CONTACT), Step(CHECK)]
        return steps

    def after(self, current: Step) -> Step:
        steps = self.steps()
        return steps[steps.index(current) + 1]

    def has_location(self) -> bool:
        return bool(self.get("uprn")) or self.get("latitude") is not None
