"""Domain errors: every broken business rule raises one of these.

Each channel turns a DomainError into its own dialect (a GOV.UK error summary,
a JSON error with a field path, an Open311 error array), so the message is
written for the person who sent the request and `field` names what to fix.
"""


class DomainError(Exception):
    """A request the domain refuses; safe to show to whoever made it."""

    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFound(DomainError):
    code = "not_found"


class InvalidInput(DomainError):
    code = "invalid"


class OutsideArea(InvalidInput):
    code = "outside_area"


class TransitionNotAllowed(DomainError):
    code = "transition_not_allowed"


class Conflict(DomainError):
    """Someone else changed the record since it was read; reload and retry."""

    code = "conflict"


class NotPermitted(DomainError):
    code = "not_permitted"
