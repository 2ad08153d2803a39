"""Photo uploads: refused or cleaned, verified by content; the stored file carries no metadata."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from venues.images import MAX_PIXELS, ImageRejected, clean_photo


def _jpeg_with_gps(size=(1200, 900)) -> bytes:
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to display
    gps = {1: "N", 2: (60.0, 27.0, 15.5), 3: "E", 4: (22.0, 16.0, 2.0)}
    exif[0x8825] = gps  # GPSInfo: a family's home in Turku
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), quality=90)
    return out.getvalue()


def _png_bomb(width=10_000, height=10_000) -> bytes:
    """A tiny PNG whose header claims 100 megapixels (the pixel data is a few KiB of zeros)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def upload(name: str, content: bytes, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


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

    with translation.override("fi"), pytest.raises(ImageRejected) as error:
        clean_photo(upload("kuva.jpg", b"not an image"))
    assert str(error.value) == "Tiedostoa ei voi lukea kuvana. Lataa JPEG-, PNG- tai WebP-kuva."
