"""Who staff are: each staff user has one role, set by an administrator.

A role decides which cases a user sees and what they may do to them (the
table lives with the cases, in `cases.permissions`); the policy per role
holds what an administrator can change without a release, such as whether
the role must sign in with a second factor.

Team and partner membership stay on `Team.members` and `Partner.members`:
the role says what someone may do, membership says to which cases.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models


class Role(models.TextChoices):
    AGENT = "agent", "Contact centre agent"
    TEAM_OFFICER = "team_officer", "Team officer"
    TEAM_LEAD = "team_lead", "Team lead"
    COMPLAINTS_OFFICER = "complaints_officer", "Complaints officer"
    COUNCILLOR = "councillor", "Councillor"
    PARTNER_USER = "partner_user", "Partner user"
    ADMINISTRATOR = "administrator", "Administrator"


# Roles whose work needs vulnerability and equalities data (each view is logged).
SEES_SENSITIVE_DETAILS: frozenset[str] = frozenset(
    {Role.AGENT, Role.TEAM_LEAD, Role.COMPLAINTS_OFFICER, Role.ADMINISTRATOR}
)


class StaffProfile(models.Model):
    """A user's role in the staff workspace."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
    )
    role = models.CharField(max_length=20, choices=Role)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "catalogue"

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class RolePolicy(models.Model):
    """What an administrator sets per role: for now, whether a second factor is required."""

    role = models.CharField(max_length=20, choices=Role, unique=True)
    requires_second_factor = models.BooleanField(
        default=True,
        help_text="Staff with this role must sign in with an authenticator app code.",
    )

    class Meta:
        app_label = "catalogue"
        verbose_name_plural = "role policies"
        ordering = ["role"]

    def __str__(self) -> str:
        return Role(self.role).label


def role_of(user: AbstractBaseUser | AnonymousUser | None) -> Role | None:
    """The user's role, or None for residents and anyone without one.

    A superuser is an administrator. A staff user without a profile (one made
    before roles existed, or by a script) takes the narrowest role their
    membership suggests: a partner's member is a partner user, a team's
    member a team officer.
    """
    if user is None or not user.is_authenticated or not getattr(user, "is_active", False):
        return None
    if getattr(user, "is_superuser", False):
        return Role.ADMINISTRATOR
    profile = getattr(user, "_staff_role_cache", None)
    if profile is None:
        profile = StaffProfile.objects.filter(user_id=user.pk).values_list("role", flat=True)
        role = next(iter(profile), None)
        if role is None and getattr(user, "is_staff", False):
            if user.partner_organisations.exists():  # type: ignore[attr-defined]
                role = Role.PARTNER_USER
            elif user.teams.exists():  # type: ignore[attr-defined]
                role = Role.TEAM_OFFICER
        profile = role or ""
        user._staff_role_cache = profile  # type: ignore[attr-defined]
    return Role(profile) if profile else None


def requires_second_factor(role: Role) -> bool:
    """Whether the role's policy asks for a second factor (yes, unless an admin said no)."""
    from .selectors import catalogue_rows  # the policies are cached with the catalogue

    return catalogue_rows().second_factor.get(role, True)
