"""Photos of a problem, from any channel: checked, cleaned and kept with the case.

Only real JPEG, PNG and HEIC (iPhone) images are accepted (the content is
read, not the file name, so a PDF renamed .jpg is refused). Each photo is
decoded and encoded again from its pixels as a JPEG, which drops EXIF data
such as the camera's GPS position; the orientation is applied first so nothing
appears sideways. pillow-heif teaches Pillow to read HEIC.
"""

import io
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from PIL import Image, ImageOps, UnidentifiedImageError
from pillow_heif import register_heif_opener

from frontdoor.core.actors import Actor
from frontdoor.core.errors import InvalidInput

from ..models import Case, CasePhoto
from ._common import record

MAX_PHOTOS = 3
MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
LONGEST_SIDE = 2048
THUMBNAIL_SIDE = 320
_ALLOWED = {"JPEG", "PNG", "HEIF"}
NOT_A_PHOTO = "The selected file must be a JPG, PNG or HEIC photo"

register_heif_opener()


@dataclass(frozen=True)
class CleanPhoto:
    """A photo ready to keep: JPEG bytes without metadata, and its thumbnail."""

    image: bytes
    thumbnail: bytes
    width: int
    height: int


def _jpeg(picture: Image.Image) -> bytes:
    out = io.BytesIO()
    picture.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue()


def clean_photo(data: bytes, *, field: str = "photo") -> CleanPhoto:
    """Check one upload and return it re-encoded; InvalidInput says what is wrong."""
    if len(data) > MAX_BYTES:
        raise InvalidInput("The photo must be smaller than 10 MB", field=field)
    if not data:
        raise InvalidInput("The selected file is empty", field=field)
    try:
        with Image.open(io.BytesIO(data)) as opened:
            if opened.format not in _ALLOWED:
                raise InvalidInput(NOT_A_PHOTO, field=field)
            if opened.width * opened.height > MAX_PIXELS:
                raise InvalidInput("The photo is too large: send a smaller one", field=field)
            opened.load()
            picture = ImageOps.exif_transpose(opened)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise InvalidInput(NOT_A_PHOTO, field=field) from None
    picture.thumbnail((LONGEST_SIDE, LONGEST_SIDE))
    small = picture.copy()
    small.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
    return CleanPhoto(
        image=_jpeg(picture), thumbnail=_jpeg(small), width=picture.width, height=picture.height
    )


def clean_upload(upload: UploadedFile, *, field: str = "photo") -> CleanPhoto:
    """`clean_photo` for an uploaded file, read no further than the size limit."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise InvalidInput("The photo must be smaller than 10 MB", field=field)
    return clean_photo(upload.read(MAX_BYTES + 1), field=field)


def check_photo_url(url: str, *, field: str = "media_url") -> str:
    """A link to a photo held elsewhere (Open311 `media_url`)."""
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
    photos: Sequence[CleanPhoto] = (),
    urls: Sequence[str] = (),
    evidence: bool = False,
) -> list[CasePhoto]:
    """Keep cleaned photos and photo links with a case: at most MAX_PHOTOS photos of the
    problem, and as many again as evidence of the work done."""
    if not photos and not urls:
        return []
    with transaction.atomic():
        kept = case.photos.exclude(image="").filter(evidence=evidence).count()
        if photos and kept + len(photos) > MAX_PHOTOS:
            raise InvalidInput(f"Send {MAX_PHOTOS} photos or fewer", field="photo")
        saved = []
        for photo in photos:
            name = f"{uuid.uuid4().hex}.jpg"
            row = CasePhoto(
                case=case,
                width=photo.width,
                height=photo.height,
                channel=actor.channel,
                evidence=evidence,
            )
            row.image.save(name, ContentFile(photo.image), save=False)
            row.thumbnail.save(name, ContentFile(photo.thumbnail), save=False)
            row.save()
            saved.append(row)
        saved.extend(
            CasePhoto.objects.create(case=case, source_url=url, channel=actor.channel)
            for url in urls
        )
        count = len(saved)
        what = "photo" + ("s" if count > 1 else "") + (" of the work done" if evidence else "")
        record(case, actor, "photos", f"{count} {what} added.", public=True, evidence=evidence)
    return saved
