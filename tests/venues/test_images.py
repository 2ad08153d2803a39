"""Photo uploads: refused or cleaned, verified by content; the stored file carries no metadata."""

import io

import pytest
from PIL import Image

from tests.venues.imagedata import jpeg_with_gps as _jpeg_with_gps
from tests.venues.imagedata import png_bomb as _png_bomb
from tests.venues.imagedata import upload
from venues.images import MAX_PIXELS, ImageRejected, clean_photo


def test_png_of_100_megapixels_in_12_kib_is_refused_before_decoding():
    bomb = _png_bomb()
    assert len(bomb) < 16 * 1024
    assert MAX_PIXELS < 10_000 * 10_000
    with pytest.raises(ImageRejected) as error:
        clean_photo(upload("lapset.png", bomb, "image/png"))
    assert error.value.code == "too_many_pixels"


def test_jpeg_with_gps_is_stored_without_any_exif_and_upright():
    cleaned = clean_photo(upload("IMG_0001.jpg", _jpeg_with_gps()))
    stored = Image.open(io.BytesIO(cleaned.content))
    assert stored.format == "JPEG"
    assert dict(stored.getexif()) == {}
    assert "exif" not in stored.info
    assert not any(key in stored.info for key in ("icc_profile", "comment", "xmp"))
    assert b"PhoneMaker" not in cleaned.content
    # Orientation 6 was applied to the pixels, then dropped: portrait now.
    assert (cleaned.width, cleaned.height) == (900, 1200) == stored.size
    # The uploaded name is never reused.
    assert "IMG_0001" not in cleaned.name
    for data in cleaned.renditions.values():
        rendition = Image.open(io.BytesIO(data))
        assert rendition.format == "WEBP"
        assert dict(rendition.getexif()) == {}
    assert sorted(cleaned.renditions) == [480]


def test_php_file_named_jpg_is_refused():
    with pytest.raises(ImageRejected) as error:
        clean_photo(upload("kuva.jpg", b"<?php system($_GET['c']); ?>"))
    assert error.value.code == "invalid"


def test_svg_is_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    with pytest.raises(ImageRejected) as error:
        clean_photo(upload("logo.svg", svg, "image/svg+xml"))
    assert error.value.code == "invalid"


def test_truncated_jpeg_is_refused():
    whole = _jpeg_with_gps()
    with pytest.raises(ImageRejected) as error:
        clean_photo(upload("katkennut.jpg", whole[: len(whole) // 2]))
    assert error.value.code in {"damaged", "invalid"}


def test_gif_is_refused_as_a_format():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "GIF")
    with pytest.raises(ImageRejected) as error:
        clean_photo(upload("anim.gif", out.getvalue(), "image/gif"))
    assert error.value.code == "format"


def test_transparent_png_is_flattened_on_white():
    out = io.BytesIO()
    Image.new("RGBA", (2000, 1000), (0, 0, 0, 0)).save(out, "PNG")
    cleaned = clean_photo(upload("x.png", out.getvalue(), "image/png"))
    stored = Image.open(io.BytesIO(cleaned.content))
    assert stored.mode == "RGB"
    assert stored.getpixel((10, 10)) == pytest.approx((255, 255, 255), abs=2)
    assert sorted(cleaned.renditions) == [480, 960, 1600]


def test_error_messages_are_translated():
    from django.utils import translation

    with translation.override("fi"):
        with pytest.raises(ImageRejected) as error:
            clean_photo(upload("kuva.jpg", b"not an image"))
        # The message is lazy: it is translated when shown, in the language active then.
        assert str(error.value) == "Tiedostoa ei voi lukea kuvana. Lataa JPEG-, PNG- tai WebP-kuva."
    with translation.override("sv"):
        assert str(error.value).startswith("Filen")
