"""Who is doing something: every service call names its actor.

The timeline records the actor and the channel, so a resident's online report,
an agent's phone call and the breach-checking task all read plainly.
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser


class Channel(StrEnum):
    ONLINE = "online"
    PHONE = "phone"
    EMAIL = "email"
    LETTER = "letter"
    IN_PERSON = "in_person"
    PARTNER = "partner"
    API = "api"
    OPEN311 = "open311"
    SMS = "sms"
    STAFF = "staff"
    SYSTEM = "system"

    @property
    def label(self) -> str:
        return CHANNEL_LABELS[self]


CHANNEL_LABELS: dict[Channel, str] = {
    Channel.ONLINE: "Online",
    Channel.PHONE: "Phone",
    Channel.EMAIL: "Email",
    Channel.LETTER: "Letter",
    Channel.IN_PERSON: "In person",
    Channel.PARTNER: "Partner",
    Channel.API: "API",
    Channel.OPEN311: "Open311",
    Channel.SMS: "Text message",
    Channel.STAFF: "Staff workspace",
    Channel.SYSTEM: "Automatic",
}


@dataclass(frozen=True)
class Actor:
    """A staff user, a resident, an API client or the system itself."""

    label: str
    channel: Channel
    user: "AbstractBaseUser | None" = None

    @property
    def is_staff(self) -> bool:
        return self.user is not None and bool(getattr(self.user, "is_staff", False))

    @property
    def user_id(self) -> int | None:
        return None if self.user is None else int(self.user.pk)

    @classmethod
    def system(cls) -> "Actor":
        return cls(label="Front Door", channel=Channel.SYSTEM)

    @classmethod
    def staff(cls, user: "AbstractBaseUser", channel: Channel = Channel.STAFF) -> "Actor":
        name = getattr(user, "get_full_name", lambda: "")() or user.get_username()
        return cls(label=str(name), channel=channel, user=user)

    @classmethod
    def resident(cls, name: str = "Resident", channel: Channel = Channel.ONLINE) -> "Actor":
        return cls(label=name, channel=channel)
