"""Who a complainant can go to when the council's own process is done, by nation.

The Complaint Handling Code asks for the Ombudsman's details in every stage 2
answer and whenever a stage is extended (LGSCO Code 6.4–6.5, 6.16).
"""

from frontdoor.core.calendar import NORTHERN_IRELAND, SCOTLAND
from frontdoor.core.council import current_council

_ENGLAND_AND_WALES = (
    "the Local Government and Social Care Ombudsman (www.lgo.org.uk, 0300 061 0614) or, "
    "for council housing, the Housing Ombudsman (www.housing-ombudsman.org.uk, 0300 111 3000)"
)
OMBUDSMEN = {
    SCOTLAND: "the Scottish Public Services Ombudsman (www.spso.org.uk, 0800 377 7330)",
    NORTHERN_IRELAND: (
        "the Northern Ireland Public Services Ombudsman (www.nipso.org.uk, 0800 34 34 24)"
    ),
}


def ombudsman() -> str:
    return OMBUDSMEN.get(current_council().nation, _ENGLAND_AND_WALES)


def ombudsman_signpost(*, early: bool = False) -> str:
    """The sentence that tells a complainant how to reach the Ombudsman."""
    if early:
        return f"If you do not want to wait, you can ask {ombudsman()} to look at your complaint."
    return f"If you are still not happy, you can ask {ombudsman()} to look at your complaint."
