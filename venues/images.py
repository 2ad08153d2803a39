"""Photo uploads: accept only real JPEG, PNG or WebP, and store a clean re-encoding.

Verified by content, never by file name or browser-sent type. The pixel count
is checked from the header before anything is decoded, well below Pillow's
decompression-bomb limit. The stored image is a fresh JPEG with no metadata
at all (EXIF, GPS, comments, ICC), plus WebP renditions for `srcset`.
Nothing is written to storage here: callers save the returned bytes only
after every check passed.
"""

import io
import uuid
import warnings
from dataclasses import dataclass, field

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from core.errors import DomainError

MAX_UPLOAD_BYTES = 15 * 1024 * 1024
# Pillow warns at 89.5 MP and refuses at 179 MP; a phone photo is 12–50 MP.
MAX_PIXELS = 50_000_000
ALLOWED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
MAX_STORED_EDGE = 2400
RENDITION_WIDTHS = (480, 960, 1600)


class ImageRejected(DomainError):
    pass


@dataclass
class CleanImage:
    name: str
    content: bytes
    width: int
    height: int
    renditions: dict[int, bytes] = field(default_factory=dict)


def _reject(message: str, code: str) -> ImageRejected:
    return ImageRejected(message, code=code)


def _probe(upload: UploadedFile) -> None:
    """Header checks: a known image format of a sane size. Decodes nothing."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as probe:
                if probe.format not in ALLOWED_FORMATS:
                    raise _reject(_("Upload a JPEG, PNG or WebP photo."), "format")
                width, height = probe.size
                if width * height > MAX_PIXELS:
                    raise _reject(
                        _("The photo is too large (%(megapixels)d megapixels); the limit is %(limit)d.")
                        % {"megapixels": width * height // 1_000_000, "limit": MAX_PIXELS // 1_000_000},
                        "too_many_pixels",
                    )
                probe.verify()
    except ImageRejected:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
        raise _reject(_("The photo is too large."), "too_many_pixels") from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise _reject(
            _("This file is not a photo we can read. Upload a JPEG, PNG or WebP photo."), "invalid"
        ) from error


def _decode(upload: UploadedFile) -> Image.Image:
    """Decode fully (a truncated file fails here), upright, as a fresh RGB image with no metadata."""
    upload.seek(0)
    try:
        with Image.open(upload) as source:
            source.load()
            upright = ImageOps.exif_transpose(source)
            if upright.mode in ("RGBA", "LA", "P"):
                rgba = upright.convert("RGBA")
                flat = Image.new("RGB", rgba.size, (255, 255, 255))
                flat.paste(rgba, mask=rgba.getchannel("A"))
            else:
                flat = upright.convert("RGB")
    except (OSError, SyntaxError, ValueError) as error:
        raise _reject(
            _("The photo file is damaged or incomplete. Try uploading it again."), "damaged"
        ) from error
    clean = Image.new("RGB", flat.size)  # a new image carries no info dict from the upload
    clean.paste(flat)
    clean.thumbnail((MAX_STORED_EDGE, MAX_STORED_EDGE), Image.Resampling.LANCZOS)
    return clean


def _encode(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def clean_photo(upload: UploadedFile) -> CleanImage:
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise _reject(
            _("The file is too big (over %(limit)d MB).") % {"limit": MAX_UPLOAD_BYTES // (1024 * 1024)},
            "too_big",
        )
    _probe(upload)
    image = _decode(upload)
    stem = uuid.uuid4().hex
    renditions = {}
    for width in RENDITION_WIDTHS:
        if width >= image.width:
            break
        height = round(image.height * width / image.width)
        small = image.resize((width, height), Image.Resampling.LANCZOS)
        renditions[width] = _encode(small, "WEBP", quality=80, method=4)
    return CleanImage(
        name=f"{stem}.jpg",
        content=_encode(image, "JPEG", quality=85, optimize=True, progressive=True),
        width=image.width,
        height=image.height,
        renditions=renditions,
    )
