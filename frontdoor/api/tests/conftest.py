"""API fixtures: clients with keys, and the Open311 JSON Schemas to check every answer."""

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from frontdoor.api.keys import IssuedKey, create_api_key

# CI provides shared/ beside the clone; the schemas are not copied into the repository.
SCHEMAS = Path(__file__).resolve().parents[3].parent / "shared" / "open311"
SCHEMA_FILES = ("request", "requests", "service", "services", "service-definition")


def _registry() -> Registry:
    if not SCHEMAS.is_dir():
        raise RuntimeError(
            f"The Open311 JSON Schemas are missing: expected them in {SCHEMAS} "
            "(shared/open311 beside the repository)."
        )
    resources = []
    for name in SCHEMA_FILES:
        contents = json.loads((SCHEMAS / f"{name}.json").read_text())
        resources.append(
            (f"{name}.json", Resource.from_contents(contents, default_specification=DRAFT7))
        )
    return Registry().with_resources(resources)


_REGISTRY = _registry()


def validate(schema: str, document: Any) -> None:
    """Fail the test if the document breaks the named Open311 schema."""
    contents = _REGISTRY.contents(f"{schema}.json")
    validator = Draft7Validator(
        contents, registry=_REGISTRY, format_checker=Draft7Validator.FORMAT_CHECKER
    )
    errors = sorted(validator.iter_errors(document), key=lambda error: list(error.path))
    assert not errors, "; ".join(f"{list(e.path)}: {e.message}" for e in errors)


@pytest.fixture
def fixmystreet(db: None) -> IssuedKey:
    return create_api_key(name="FixMyStreet", scopes=["read", "write"])


@pytest.fixture
def reader(db: None) -> IssuedKey:
    return create_api_key(name="Open data reader", scopes=["read"])


@pytest.fixture
def waste_key(db: None) -> IssuedKey:
    return create_api_key(
        name="Waste back office", scopes=["read", "write", "staff"], username="waste.officer"
    )


@pytest.fixture
def partner_key(db: None) -> IssuedKey:
    return create_api_key(
        name="Repairs partner system", scopes=["read", "staff"], username="repairs.partner"
    )
