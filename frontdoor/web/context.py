"""What every resident page needs: the council and the CSP nonce."""

from typing import Any

from django.http import HttpRequest

from frontdoor.core.council import current_council


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "council": current_council(),
        "csp_nonce": str(getattr(request, "csp_nonce", "")),
    }
