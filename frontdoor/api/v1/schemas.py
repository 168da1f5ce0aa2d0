"""The typed shapes of the REST API (they are the OpenAPI document)."""

import datetime as dt
from typing import Literal

from ninja import Field, Schema


class ErrorDetail(Schema):
    code: str
    message: str
    field: str | None = None


class ErrorOut(Schema):
    error: ErrorDetail


ERRORS: dict[int, type[Schema]] = {
    status: ErrorOut for status in (400, 401, 403, 404, 409, 412, 429)
}


class QuestionOut(Schema):
    code: str
    label: str
    kind: str
    required: bool
    choices: list[str]


class ServiceOut(Schema):
    code: str
    name: str
    description: str
    kind: str
    needs_location: bool
    team: str | None
    partner: str | None
    promise: str
    questions: list[QuestionOut]


class TeamOut(Schema):
    slug: str
    name: str
    email: str
    phone: str
    kind: Literal["team", "partner"]


class DeadlineOut(Schema):
    promise: str
    stage: int
    due_at: dt.datetime
    state: Literal["pending", "paused", "met", "breached", "cancelled"]
    completed_at: dt.datetime | None


class AddressOut(Schema):
    uprn: str
    one_line: str


class CaseOut(Schema):
    reference: str
    kind: str
    status: str
    is_open: bool
    outcome: str | None
    service: str
    channel: str
    team: str | None
    partner: str | None
    owner: str | None
    ward: str | None
    description: str
    answers: dict[str, str | int | float | bool | list[str]]
    address: AddressOut | None
    latitude: float | None
    longitude: float | None
    received_at: dt.datetime
    updated_at: dt.datetime
    response: str | None
    resident_id: int | None = Field(None, description="Only with the staff scope.")
    version: int
    deadlines: list[DeadlineOut]


class CasePage(Schema):
    items: list[CaseOut]
    next_cursor: str | None


class CaseIn(Schema):
    service: str = Field(..., max_length=60)
    description: str = Field("", max_length=4000)
    answers: dict[str, str | int | float | bool | list[str]] = Field(default_factory=dict)
    uprn: str | None = Field(None, max_length=16)
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    location_description: str = Field("", max_length=300)
    resident_name: str = Field("", max_length=200)
    resident_email: str = Field("", max_length=254)
    resident_phone: str = Field("", max_length=30)


class AssignIn(Schema):
    owner: str = Field(..., max_length=150, description="The staff user's username.")


class PauseIn(Schema):
    waiting_for: Literal["customer", "partner"]
    reason: str = Field(..., max_length=2000)


class ExtendIn(Schema):
    working_days: int = Field(..., ge=1, le=60)
    reason: str = Field(..., max_length=2000)


class NoteIn(Schema):
    note: str = Field(..., max_length=4000)


class ResolveIn(Schema):
    response: str = Field(..., max_length=4000)
    outcome: str = Field("done", max_length=30)
    # A complaint's answer: how it is put right and what it was about (theme slugs).
    remedies: list[str] = Field(default_factory=list, max_length=20)
    remedy_details: str = Field("", max_length=4000)
    themes: list[str] = Field(default_factory=list, max_length=20)


class ReasonIn(Schema):
    reason: str = Field(..., max_length=2000)


class LinkIn(Schema):
    other: str = Field(..., max_length=20)
    kind: Literal["related", "duplicate"] = "related"


class MergeIn(Schema):
    into: str = Field(..., max_length=20)


class TimelineOut(Schema):
    at: dt.datetime
    verb: str
    summary: str
    public: bool
    actor: str
    channel: str


class ContactOut(Schema):
    id: int
    case: str | None
    channel: str
    direction: str
    purpose: str
    at: dt.datetime
    summary: str
    is_failure_demand: bool


class ContactIn(Schema):
    case: str | None = Field(None, max_length=20)
    purpose: str = Field("other", max_length=12)
    summary: str = Field(..., max_length=4000)
    resident_id: int | None = None


class ResidentOut(Schema):
    id: int
    name: str
    email: str
    phone: str
    contact_preference: str
    address: AddressOut | None


class WebhookIn(Schema):
    url: str = Field(..., max_length=500)
    events: list[str] = Field(..., min_length=1, max_length=50)


class WebhookOut(Schema):
    id: int
    url: str
    events: list[str]
    secret: str = Field(..., description="Shown only in this response; signs every delivery.")
