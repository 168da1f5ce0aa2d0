"""Photos of a problem: checked before anything is written, stored without their metadata.

A photo's EXIF block can hold the phone's owner, serial number and the exact
place it was taken; re-encoding the pixels alone drops all of it.
"""

import io
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from PIL import Image, UnidentifiedImageError

from frontdoor.core.actors import Actor
from frontdoor.core.errors import InvalidInput

from ..models import Case, CasePhoto
from ._common import record

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
_FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png")}


@dataclass(frozen=True)
class PreparedPhoto:
    content: bytes
    content_type: str
    extension: str


def prepare_photo(upload: UploadedFile, *, field: str = "media") -> PreparedPhoto:
    """Check a JPEG or PNG upload and re-encode it without metadata."""
    if upload.size is not None and upload.size > MAX_PHOTO_BYTES:
        raise InvalidInput("A photo must be 10 MB or smaller.", field=field)
    data = upload.read(MAX_PHOTO_BYTES + 1)
    if len(data) > MAX_PHOTO_BYTES:
        raise InvalidInput("A photo must be 10 MB or smaller.", field=field)
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format or ""
            if kind not in _FORMATS:
                raise InvalidInput("A photo must be a JPEG or PNG image.", field=field)
            if probe.width * probe.height > MAX_PIXELS:
                raise InvalidInput("That photo is too large; send a smaller one.", field=field)
            probe.load()
            pixels = Image.frombytes(probe.mode, probe.size, probe.tobytes())
            if kind == "JPEG" and pixels.mode not in {"RGB", "L", "CMYK"}:
                pixels = pixels.convert("RGB")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise InvalidInput("A photo must be a JPEG or PNG image.", field=field) from None
    content_type, extension = _FORMATS[kind]
    out = io.BytesIO()
    pixels.save(out, format=kind, **({"quality": 90} if kind == "JPEG" else {}))
    return PreparedPhoto(content=out.getvalue(), content_type=content_type, extension=extension)


def check_photo_url(url: str, *, field: str = "media_url") -> str:
    url = url.strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise InvalidInput("Give the photo's web address (http or https).", field=field) from None
    if len(url) > 500:
        raise InvalidInput("The photo's web address is too long.", field=field)
    return url


def attach_photos(
    *,
    actor: Actor,
    case: Case,
    photos: Sequence[PreparedPhoto] = (),
    urls: Sequence[str] = (),
) -> list[CasePhoto]:
    """Attach checked photos and photo links to a case, with one timeline entry."""
    saved: list[CasePhoto] = []
    for photo in photos:
        attachment = CasePhoto(case=case, content_type=photo.content_type, channel=actor.channel)
        attachment.image.save(
            f"{uuid.uuid4().hex}.{photo.extension}", ContentFile(photo.content), save=False
        )
        attachment.save()
        saved.append(attachment)
    saved.extend(
        CasePhoto.objects.create(case=case, source_url=url, channel=actor.channel) for url in urls
    )
    if saved:
        count = len(saved)
        record(
            case, actor, "photos", f"{count} photo{'s' if count > 1 else ''} added.", public=True
        )
    return saved
