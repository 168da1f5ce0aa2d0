"""Mail and texts in: each lands on a case (or is recognised as automatic), exactly once."""

from django.conf import settings
from django.db import IntegrityError, transaction

from frontdoor.cases.models import Case, Contact
from frontdoor.cases.selectors import case_by_reference
from frontdoor.cases.services import attach_photos, open_case, record_contact
from frontdoor.cases.services.intake import MAX_DESCRIPTION
from frontdoor.cases.services.photos import MAX_PHOTOS, NOT_A_PHOTO, CleanPhoto, clean_photo
from frontdoor.catalogue.finder import find_services
from frontdoor.core.actors import Actor, Channel
from frontdoor.core.errors import DomainError, InvalidInput
from frontdoor.people.models import Person
from frontdoor.people.services import find_or_create_person

from .mail import Attachment, Mail, reference_candidates
from .models import InboundEmail, InboundText, Outcome

ENQUIRY_SERVICE = "general-enquiry"
# New mail goes straight to a service only when the finder is this sure, and clearly
# surer than of the next service; anything less is a general enquiry for a person to route.
CONFIDENT_SCORE = 80.0
CONFIDENT_MARGIN = 10.0


def receive_email(mail: Mail) -> InboundEmail:
    """A reply quoting a case reference is a contact on that case; anything else a new enquiry."""
    existing = InboundEmail.objects.filter(message_id=mail.message_id).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return _handle(mail)
    except IntegrityError:
        # The same message arrived twice at once: the other delivery stored it.
        return InboundEmail.objects.get(message_id=mail.message_id)


def _handle(mail: Mail) -> InboundEmail:
    record = InboundEmail(
        message_id=mail.message_id[:255], sender=mail.sender[:254], subject=mail.subject
    )
    if mail.automatic:
        record.outcome, record.reason = Outcome.IGNORED, mail.automatic[:200]
        record.save()
        return record
    name = mail.sender_name.strip() or mail.sender.split("@", 1)[0]
    person = find_or_create_person(name=name, email=mail.sender)
    actor = Actor.resident(person.name, Channel.EMAIL)
    case = _quoted_case(mail)
    photos, refused = _photos(mail.attachments)
    summary = f"Email: {mail.subject}\n\n{mail.text}".strip()
    if refused:
        summary = f"{summary}\n\n[{refused}]"
    summary = summary[:MAX_DESCRIPTION]
    if case is not None:
        record_contact(
            actor=actor, summary=summary, person=person, case=case, purpose=Contact.Purpose.UPDATE
        )
        record.outcome = Outcome.CONTACT
    else:
        case = _open_routed(mail, actor=actor, summary=summary, person=person)
        record.outcome = Outcome.NEW_CASE
    if photos:
        room = MAX_PHOTOS - case.photos.exclude(image="").count()
        attach_photos(actor=actor, case=case, photos=photos[: max(0, room)])
    record.case = case
    record.reason = refused[:200]
    record.save()
    return record


def _photos(attachments: tuple[Attachment, ...]) -> tuple[list[CleanPhoto], str]:
    """The attached pictures that pass the upload checks, and what was not kept, in words."""
    photos: list[CleanPhoto] = []
    problems: list[str] = []
    for attachment in attachments:
        name = attachment.filename or "an attachment"
        if not attachment.content_type.startswith("image/"):
            problems.append(f"{name}: {NOT_A_PHOTO}")
            continue
        try:
            photos.append(clean_photo(attachment.data, field="attachment"))
        except InvalidInput as refusal:
            problems.append(f"{name}: {refusal}")
    if len(photos) > MAX_PHOTOS:
        problems.append(f"{len(photos) - MAX_PHOTOS} photo(s) over the {MAX_PHOTOS} kept")
    return photos[:MAX_PHOTOS], "; ".join(problems)


def _open_routed(mail: Mail, *, actor: Actor, summary: str, person: Person) -> Case:
    """New mail: the service the finder is confident of, otherwise a general enquiry."""
    # The subject is the resident's own headline; the body's opening words stand in without one.
    code = confident_service(mail.subject) or confident_service(mail.text[:200])
    if code is not None:
        try:
            with transaction.atomic():
                return open_case(actor=actor, service_code=code, description=summary, person=person)
        except DomainError:
            pass  # It needs what mail cannot give (a location, answers): a person routes it.
    return open_case(actor=actor, service_code=ENQUIRY_SERVICE, description=summary, person=person)


def confident_service(text: str) -> str | None:
    """The code of the one service the words clearly ask for, or None."""
    matches = find_services(text, limit=2)
    if not matches or matches[0].score < CONFIDENT_SCORE:
        return None
    if len(matches) > 1 and matches[0].score - matches[1].score < CONFIDENT_MARGIN:
        return None
    return matches[0].service.code


def _quoted_case(mail: Mail) -> Case | None:
    for text in (mail.subject, mail.text):
        for candidate in reference_candidates(text, settings.REFERENCE_PREFIX):
            case = case_by_reference(candidate)
            if case is not None:
                return case
    return None


def receive_text(*, provider_id: str, sender_number: str, text: str) -> InboundText:
    """A text in reply: a contact on the sender's most recent open case."""
    existing = InboundText.objects.filter(provider_id=provider_id).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        people = Person.objects.filter(phone__in=phone_variants(sender_number))
        case = Case.objects.filter(person__in=people, is_open=True).order_by("-created_at").first()
        record = InboundText(provider_id=provider_id[:100], outcome=Outcome.UNMATCHED)
        if case is not None:
            person = case.person
            record_contact(
                actor=Actor.resident(person.name if person else "Resident", Channel.SMS),
                summary=f"Text message: {text}"[:MAX_DESCRIPTION],
                person=person,
                case=case,
                purpose=Contact.Purpose.UPDATE,
            )
            record.outcome, record.case = Outcome.CONTACT, case
        record.save()
    return record


def phone_variants(number: str) -> list[str]:
    """The ways a UK mobile number may have been written down: 447700..., +447700..., 07700..."""
    digits = "".join(ch for ch in number if ch.isdigit())
    national = "0" + digits[2:] if digits.startswith("44") else digits
    spaced = f"{national[:5]} {national[5:]}" if len(national) == 11 else national
    return sorted(
        {number.strip(), digits, national, spaced, f"+44{national[1:]}", f"44{national[1:]}"}
    )
