"""Photos: real JPEG or PNG only, size-limited, metadata removed, thumbnails made."""

import io

import pytest
from PIL import Image

from frontdoor.cases.models import TimelineEvent
from frontdoor.cases.services import attach_photos, clean_photo, open_case
from frontdoor.core.errors import InvalidInput
from frontdoor.people.models import Address

GPS_IFD = 0x8825


def photo_bytes(fmt: str = "JPEG", size: tuple[int, int] = (1200, 900), gps: bool = True) -> bytes:
    picture = Image.new("RGB", size, (120, 80, 40))
    out = io.BytesIO()
    if fmt in {"JPEG", "HEIF"} and gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # camera make
        exif.get_ifd(GPS_IFD)[2] = (51.0, 34.0, 30.0)  # latitude
        picture.save(out, format=fmt, exif=exif)
    else:
        picture.save(out, format=fmt)
    return out.getvalue()


def test_a_photo_is_re_encoded_without_its_location_and_camera_details():
    original = photo_bytes()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)
    clean = clean_photo(original)
    kept = Image.open(io.BytesIO(clean.image))
    assert kept.format == "JPEG"
    assert dict(kept.getexif()) == {}
    assert kept.size == (1200, 900)
    assert Image.open(io.BytesIO(clean.thumbnail)).size == (320, 240)


def test_an_iphone_heic_photo_becomes_a_jpeg_without_its_location():
    original = photo_bytes("HEIF", size=(640, 480))
    assert original[4:12] == b"ftypheic"
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)
    clean = clean_photo(original)
    kept = Image.open(io.BytesIO(clean.image))
    assert kept.format == "JPEG"
    assert dict(kept.getexif()) == {}
    assert kept.size == (640, 480)
    assert Image.open(io.BytesIO(clean.thumbnail)).size == (320, 240)


def test_png_is_accepted_and_large_photos_are_scaled_down():
    clean = clean_photo(photo_bytes("PNG", size=(4096, 1024)))
    assert Image.open(io.BytesIO(clean.image)).size == (2048, 512)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7\n" + b"x" * 2000, "must be a JPG, PNG or HEIC"),
        (b"\x00\x00\x00\x18ftypheic" + b"\x00" * 100, "must be a JPG, PNG or HEIC"),
        (b"", "empty"),
        (b"\xff\xd8\xff" + b"0" * (30 * 1024 * 1024), "smaller than 10 MB"),
    ],
    ids=["pdf-renamed-jpg", "broken-heic", "empty", "30-MB"],
)
def test_files_that_are_not_acceptable_photos_are_refused(data, message):
    with pytest.raises(InvalidInput) as refused:
        clean_photo(data)
    assert message in refused.value.message


def test_gif_is_refused():
    with pytest.raises(InvalidInput):
        clean_photo(photo_bytes("GIF", gps=False))


@pytest.mark.django_db
def test_photos_are_kept_with_the_case_up_to_three(resident, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = open_case(
        actor=resident,
        service_code="fly-tipping",
        answers={"waste_type": ["bags"], "size": "single", "private_land": "no"},
        uprn=Address.objects.order_by("pk")[0].uprn,
    )
    photos = [clean_photo(photo_bytes()) for _ in range(3)]
    saved = attach_photos(actor=resident, case=case, photos=photos)
    assert [(photo.width, photo.height) for photo in saved] == [(1200, 900)] * 3
    assert all(photo.thumbnail.storage.exists(photo.thumbnail.name) for photo in saved)
    assert TimelineEvent.objects.filter(case=case, verb="photos").count() == 1
    with pytest.raises(InvalidInput):
        attach_photos(actor=resident, case=case, photos=photos[:1])
    assert case.photos.count() == 3
