"""Submitting a page's form as a browser would: what it carries, plus the button pressed.

The assisted-contact screen keeps its state in the form, so its page tests read
each response's form and send it back with a typed change and a button, rather
than making up the POST themselves.
"""

from html.parser import HTMLParser
from typing import Any

from django.test import Client


class _Form(HTMLParser):
    def __init__(self, form_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self.buttons: dict[str, tuple[str, str]] = {}
        self.autofocus = ""
        self.action = ""
        self._textarea: str | None = None
        self._text = ""
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {key: value or "" for key, value in attrs}
        if tag == "form" and found.get("id") == self.form_id:
            self.inside = True
            self.action = found.get("action", "")
        if not self.inside:
            return
        if "autofocus" in found:
            self.autofocus = found.get("id", "")
        name = found.get("name", "")
        if tag == "input" and name:
            kind = found.get("type", "text")
            if kind not in ("radio", "checkbox") or "checked" in found:
                self.fields.append((name, found.get("value", "")))
        elif tag == "button" and found.get("id"):
            self.buttons[found["id"]] = (name, found.get("value", ""))
        elif tag == "textarea":
            self._textarea, self._text = name, ""
        elif tag == "select":
            self._select, self._options = name, []
        elif tag == "option" and self._select is not None:
            self._options.append((found.get("value", ""), "selected" in found))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea, self._text.removeprefix("\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._options if selected]
            first = self._options[0][0] if self._options else ""
            self.fields.append((self._select, chosen[0] if chosen else first))
            self._select = None


class FormPage:
    """One rendered page and its form."""

    def __init__(self, client: Client, response: Any, form_id: str = "contact-form") -> None:
        self.client = client
        self.response = response
        self.text: str = response.content.decode()
        self.form = _Form(form_id)
        self.form.feed(self.text)

    @property
    def status_code(self) -> int:
        return int(self.response.status_code)

    @property
    def autofocus(self) -> str:
        """The id of the element the page puts the cursor in."""
        return self.form.autofocus

    def value(self, name: str) -> str:
        return next((value for key, value in self.form.fields if key == name), "")

    def submit(self, button: str, **typed: str | list[str]) -> "FormPage":
        """Press the button with this id (or "enter", the form's first button) after
        typing into the named fields; follows a redirect like a browser."""
        changes = {
            key.replace("__", "-"): value if isinstance(value, list) else [value]
            for key, value in typed.items()
        }
        data: dict[str, list[str]] = {}
        for key, value in self.form.fields:
            if key not in changes:
                data.setdefault(key, []).append(value)
        data.update(changes)
        name, value = ("action", "enter") if button == "enter" else self.form.buttons[button]
        data.setdefault(name, []).append(value)
        response = self.client.post(self.form.action, data)
        if response.status_code == 302:
            response = self.client.get(response["Location"])
        return FormPage(self.client, response)
