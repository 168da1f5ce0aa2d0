"""Open311 responses in the spec's two formats: XML (required) and JSON.

The JSON is the mechanical mapping of the XML: lists are top-level arrays,
the service definition is an object, ids and codes are strings.
"""

import json
from typing import Any
from xml.etree import ElementTree as ET  # noqa: S405 (we only write XML, never parse it)

from django.http import HttpResponse

XML_TYPE = "text/xml; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"

# The element name of one item inside each list-valued field.
ITEM_NAMES = {
    "attributes": "attribute",
    "values": "value",
    "notes": "note",
    "endpoints": "endpoint",
    "formats": "format",
    "photos": "photo",
    "groups": "group",
}


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fill(element: ET.Element, name: str, value: Any) -> None:
    child = ET.SubElement(element, name)
    if value is None:
        return
    if isinstance(value, dict):
        for key, item in value.items():
            _fill(child, key, item)
    elif isinstance(value, list):
        item_name = ITEM_NAMES.get(name, "item")
        for item in value:
            _fill(child, item_name, item)
    else:
        child.text = _text(value)


def xml_document(root: str, item: str | None, content: Any) -> bytes:
    """`root` holding one `item` element per entry of a list, or the fields of a dict."""
    element = ET.Element(root)
    if item is not None:
        for entry in content:
            _fill(element, item, entry)
    else:
        for key, value in content.items():
            _fill(element, key, value)
    body: bytes = ET.tostring(element, encoding="utf-8", xml_declaration=True)
    return body


def respond(
    fmt: str, content: Any, *, root: str, item: str | None, status: int = 200
) -> HttpResponse:
    if fmt == "xml":
        return HttpResponse(xml_document(root, item, content), content_type=XML_TYPE, status=status)
    return HttpResponse(
        json.dumps(content, ensure_ascii=False), content_type=JSON_TYPE, status=status
    )


def error_response(
    fmt: str, status: int, description: str, code: int | None = None
) -> HttpResponse:
    errors = [{"code": code or status, "description": description}]
    return respond(fmt, errors, root="errors", item="error", status=status)
