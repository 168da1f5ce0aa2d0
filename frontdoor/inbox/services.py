"""Mail and texts in: each lands on a case (or is recognised as automatic), exactly once."""

from django.conf import settings
from django.db import IntegrityError, transaction

from frontdoor.cases.models import Case, Contact
from frontdoor.cases.selectors import case_by_reference
from frontdoor.cases.services import open_case, record_contact
from frontdoor.cases.services.intake import MAX_DESCRIPTION
from frontdoor.core.actors import Actor, Channel
from frontdoor.people.models import Person
from frontdoor.people.services import find_or_create_person

from .mail import Mail, reference_candidates
from .models import InboundEmail, InboundText, Outcome

ENQUIRY_SERVICE = "general-enquiry"


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
    summary = f"Email: {mail.subject}\n\n{mail.text}".strip()[:MAX_DESCRIPTION]
    if case is not None:
        record_contact(
            actor=actor, summary=summary, person=person, case=case, purpose=Contact.Purpose.UPDATE
        )
        record.outcome = Outcome.CONTACT
    else:
        case = open_case(
            actor=actor, service_code=ENQUIRY_SERVICE, description=summary, person=person
        )
        record.outcome = Outcome.NEW_CASE
    record.case = case
    record.save()
    return record


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
