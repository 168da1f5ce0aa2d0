"""The Jinja2 environment for resident pages: our templates plus the GOV.UK macros."""

from typing import Any

from django.templatetags.static import static
from django.urls import reverse
from jinja2 import BaseLoader, ChoiceLoader, Environment, PackageLoader, PrefixLoader


def _url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def errors_list(errors: dict[str, str]) -> list[dict[str, str]]:
    """A GOV.UK error summary's list: each message links to its field."""
    return [{"text": message, "href": f"#{field}"} for field, message in errors.items()]


def environment(**options: Any) -> Environment:
    own: BaseLoader = options.pop("loader")
    govuk = PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")})
    env = Environment(loader=ChoiceLoader([own, govuk]), **options)  # noqa: S701 (autoescape set in settings)
    env.globals.update(static=static, url=_url, errors_list=errors_list)
    return env
