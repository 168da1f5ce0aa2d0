"""The audit log of views of restricted records (vulnerability, equalities)."""

from django.contrib.auth.models import AbstractBaseUser

from .models import AuditEntry


def log_view(
    *, user: AbstractBaseUser | None, object_type: str, object_id: int | str, context: str = ""
) -> AuditEntry:
    return AuditEntry.objects.create(
        user_id=None if user is None else user.pk,
        action="viewed",
        object_type=object_type,
        object_id=str(object_id),
        context=context[:200],
    )
