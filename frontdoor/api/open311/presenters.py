"""Services and cases as Open311 records (dicts shared by the XML and JSON forms)."""

import datetime as dt
from typing import Any

from django.http import HttpRequest

from frontdoor.cases.models import Case, CasePhoto, Deadline, TimelineEvent
from frontdoor.catalogue.models import Service, ServiceQuestion, ServiceStandard

from .statuses import extended_status, external_status_code, plain_status, status_at

DATATYPES = {
    ServiceQuestion.Kind.TEXT: "text",
    ServiceQuestion.Kind.NUMBER: "number",
    ServiceQuestion.Kind.DATE: "datetime",
    ServiceQuestion.Kind.SINGLE_CHOICE: "singlevaluelist",
    ServiceQuestion.Kind.MULTIPLE_CHOICE: "multivaluelist",
    ServiceQuestion.Kind.YES_NO: "singlevaluelist",
}
YES_NO_VALUES = [{"key": "yes", "name": "Yes"}, {"key": "no", "name": "No"}]


def w3c(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def service_notice(standard: ServiceStandard) -> str:
    """The promise in words, as a resident should read it."""
    if standard.resolve_hours:
        within = f"{standard.resolve_hours} working hours"
    else:
        days = standard.resolve_days or 0
        within = f"{days} working day{'s' if days != 1 else ''}"
    return f"We aim to deal with this within {within}."


def service(item: Service) -> dict[str, Any]:
    return {
        "service_code": item.code,
        "service_name": item.name,
        "description": item.description,
        "metadata": bool(getattr(item, "question_count", 1)),
        "type": "realtime",
        "keywords": ", ".join(item.synonym_list),
        "group": item.topic.name,
        # FixMyStreet reads several groups from `groups/group`.
        "groups": [item.topic.name],
    }


def definition(item: Service) -> dict[str, Any]:
    attributes = []
    for position, question in enumerate(item.questions.all(), start=1):
        attribute: dict[str, Any] = {
            "variable": True,
            "code": question.code,
            "datatype": DATATYPES[ServiceQuestion.Kind(question.kind)],
            "required": question.required,
            "datatype_description": question.hint or None,
            "order": position,
            "description": question.label,
        }
        if question.kind == ServiceQuestion.Kind.YES_NO:
            attribute["values"] = YES_NO_VALUES
        elif question.choices:
            attribute["values"] = [
                {"key": str(choice["key"]), "name": str(choice.get("label", choice["key"]))}
                for choice in question.choices
            ]
        attributes.append(attribute)
    return {"service_code": item.code, "attributes": attributes}


def expected_at(case: Case) -> dt.datetime | None:
    """The respond-or-resolve deadline: the pending one, else the last one set."""
    if hasattr(case, "expected_due_at"):  # read with the case (cases.selectors.reported_problem)
        due: dt.datetime | None = case.expected_due_at
        return due
    respond = [d for d in case.deadlines.all() if d.promise == Deadline.Promise.RESPOND]
    pending = [d for d in respond if d.is_pending]
    chosen = pending or respond
    return max(d.due_at for d in chosen) if chosen else None


def photo_url(request: HttpRequest, photo: CasePhoto) -> str:
    if photo.image:
        return request.build_absolute_uri(photo.image.url)
    return photo.source_url


def _photo_urls(request: HttpRequest, case: Case, *, every: bool) -> list[str]:
    """The case's photos, or only its first when that was read with the case."""
    if not every and hasattr(case, "first_photo_url"):
        image, url = getattr(case, "first_photo_image"), getattr(case, "first_photo_url")  # noqa: B009
        if image is None and url is None:
            return []
        return [photo_url(request, CasePhoto(image=image or "", source_url=url or ""))]
    return [photo_url(request, photo) for photo in case.photos.all()]


def service_request(
    request: HttpRequest,
    case: Case,
    *,
    extensions: bool = False,
    notes: list[TimelineEvent] | None = None,
) -> dict[str, Any]:
    photos = _photo_urls(request, case, every=extensions)
    closed_at = case.closed_at or case.resolved_at
    owner = case.partner or case.team
    record: dict[str, Any] = {
        "service_request_id": case.reference,
        "status": plain_status(case),
        "status_notes": case.response or None,
        "service_name": case.service.name,
        "service_code": case.service.code,
        "description": case.description or None,
        "agency_responsible": owner.name if owner else None,
        "service_notice": service_notice(case.standard),
        "requested_datetime": w3c(case.received_at),
        "updated_datetime": w3c(closed_at if not case.is_open and closed_at else case.updated_at),
        "expected_datetime": w3c(expected_at(case)),
        "address": case.address.one_line if case.address else (case.location_description or None),
        "address_id": case.address.uprn if case.address else None,
        "zipcode": case.address.postcode if case.address else None,
        "lat": case.latitude,
        "long": case.longitude,
        "media_url": photos[0] if photos else None,
    }
    if extensions:
        record["attributes"] = [
            {"code": code, "name": code, "label": code, "value": _answer_text(value)}
            for code, value in (case.answers or {}).items()
        ]
        record["extended_attributes"] = {
            "channel": case.channel,
            "extended_status": extended_status(case),
            "external_status_code": external_status_code(case),
            "photos": photos,
        }
        record["notes"] = [
            {"datetime": w3c(note.at), "description": note.summary, "type": note.verb}
            for note in (notes or [])
        ]
    return record


def _answer_text(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ",".join(str(item) for item in value)
    return str(value)


def request_update(request: HttpRequest, event: TimelineEvent) -> dict[str, Any]:
    photos = [photo_url(request, photo) for photo in event.case.photos.all()]
    return {
        "update_id": str(event.pk),
        "service_request_id": event.case.reference,
        "status": status_at(event),
        "updated_datetime": w3c(event.at),
        "description": event.summary,
        "media_url": photos[-1] if photos and event.verb == "photos" else None,
        "external_status_code": external_status_code(event.case),
    }
