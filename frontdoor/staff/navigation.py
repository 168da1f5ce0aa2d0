"""The staff workspace's navigation: each entry for the roles whose work it is.

An entry whose page is not built yet (its URL name does not resolve) is left
out, so screens can be added one at a time by adding their URL.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from frontdoor.catalogue.staff import Role

R = Role
OFFICERS = frozenset({R.AGENT, R.TEAM_OFFICER, R.TEAM_LEAD, R.COMPLAINTS_OFFICER, R.ADMINISTRATOR})


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[Role]


NAVIGATION = [
    # Partners work from their own queue (the partner portal), which is their home page.
    NavItem("Worklists", "staff:home", OFFICERS),
    NavItem("Record a contact", "staff:contact", OFFICERS),
    NavItem("Complaints", "staff:complaints", frozenset({R.COMPLAINTS_OFFICER, R.ADMINISTRATOR})),
    NavItem(
        "Member enquiries",
        "staff:member-enquiries",
        frozenset({R.COUNCILLOR, R.TEAM_LEAD, R.ADMINISTRATOR}),
    ),
    NavItem("Partner queue", "staff:partner-queue", frozenset({R.PARTNER_USER, R.ADMINISTRATOR})),
    NavItem(
        "Performance",
        "performance:dashboard",
        frozenset({R.TEAM_LEAD, R.COMPLAINTS_OFFICER, R.ADMINISTRATOR}),
    ),
    NavItem(
        "Messages sent",
        "staff:messages",
        frozenset({R.AGENT, R.TEAM_LEAD, R.COMPLAINTS_OFFICER, R.ADMINISTRATOR}),
    ),
    NavItem("Settings", "admin:index", frozenset({R.ADMINISTRATOR})),
]


def navigation_for(role: Role, current_path: str) -> list[dict[str, object]]:
    """GOV.UK service navigation items for a role, the current section marked."""
    items: list[dict[str, object]] = []
    for item in NAVIGATION:
        if role not in item.roles:
            continue
        try:
            href = reverse(item.url_name)
        except NoReverseMatch:
            continue
        home = item.url_name == "staff:home"
        active = (
            current_path.startswith(href) and not home
            if href != reverse("staff:home")
            else current_path.startswith(href + "worklists") or current_path == href
        )
        items.append({"text": item.label, "href": href, "active": active})
    return items
