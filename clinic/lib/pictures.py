"""An uploaded picture made safe to store: read by Pillow (never trusted for its name or its
declared type), limited in bytes and in pixels, and encoded again from its pixels alone.

Encoding again is what strips the metadata: a phone's photo carries EXIF (often the place it
was taken, as GPS coordinates), XMP and comments; the stored file holds the pixels, turned the
way the EXIF orientation said, and the colour profile, nothing else. It also means a file that
is a picture and something else at once (a polyglot) is stored as a picture only.
"""

import io
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 4000

EMPTY = "The file is empty: choose a picture."
TOO_LARGE = "The picture is larger than 5 MB: choose a smaller one, or save it smaller first."
NOT_A_PICTURE = "This file is not a JPEG, PNG or WebP picture."
DAMAGED = "The picture could not be read: the file is damaged or incomplete."
TOO_MANY_PIXELS = (
    f"The picture is larger than {MAX_SIDE} × {MAX_SIDE} pixels: save it smaller first."
)

# What Pillow may open the file as. Many phones save an MPO (a JPEG with more images after it),
# which Pillow's JPEG reader opens as one: it is stored as a plain JPEG of its first image.
_READ_AS = ("JPEG", "PNG", "WEBP")
_STORED_AS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}
_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
_CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# The pixel modes each format is written in; any other is converted to the first.
_MODES = {"JPEG": ("RGB", "L"), "PNG": ("RGBA", "RGB", "LA", "L", "P"), "WEBP": ("RGBA", "RGB")}


@dataclass(frozen=True)
class CleanPicture:
    content: bytes
    format: str
    width: int
    height: int

    @property
    def extension(self) -> str:
        return _EXTENSIONS[self.format]


def content_type_of(name: str) -> str:
    """The Content-Type of a stored picture, from the extension this module gave its name."""
    extension = name.rsplit(".", 1)[-1].lower()
    for format_, known in _EXTENSIONS.items():
        if known == extension:
            return _CONTENT_TYPES[format_]
    return "application/octet-stream"


def picture_clean(upload: UploadedFile) -> CleanPicture:
    """The upload as a picture to store, or ValidationError with a message for the clinician."""
    if not upload.size:
        raise ValidationError(EMPTY, code="empty")
    if upload.size > MAX_BYTES:
        raise ValidationError(TOO_LARGE, code="too_large")
    upload.seek(0)
    # Registers every format plugin (WebP is not among those Pillow loads first).
    Image.init()
    try:
        # Pillow warns of a decompression bomb past MAX_IMAGE_PIXELS and refuses past twice
        # that; the warning is made an error too, though the size check below comes first.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload, formats=_READ_AS) as opened:
                stored_as = _STORED_AS[str(opened.format)]
                if opened.width > MAX_SIDE or opened.height > MAX_SIDE:
                    raise ValidationError(TOO_MANY_PIXELS, code="too_many_pixels")
                opened.seek(0)
                # Decoding every pixel is what finds a truncated or corrupt file.
                opened.load()
                return _encoded(opened, stored_as)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(TOO_MANY_PIXELS, code="too_many_pixels") from None
    except UnidentifiedImageError:
        raise ValidationError(NOT_A_PICTURE, code="not_a_picture") from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, KeyError, TypeError):
        # What Pillow raises for a file that starts as a picture and then goes wrong.
        raise ValidationError(DAMAGED, code="damaged") from None


def _encoded(opened: Image.Image, stored_as: str) -> CleanPicture:
    icc_profile = opened.info.get("icc_profile")
    turned = ImageOps.exif_transpose(opened)
    if "transparency" in turned.info and stored_as != "JPEG":
        # A palette's transparent colour lives in the metadata dropped below: kept as alpha.
        turned = turned.convert("RGBA")
    elif turned.mode not in _MODES[stored_as]:
        keeps_alpha = "A" in turned.mode and stored_as != "JPEG"
        turned = turned.convert("RGBA" if keeps_alpha else "RGB")
    # Nothing of the original's metadata is handed to the encoder, whatever it would copy.
    turned.info = {}
    options: dict[str, object] = {}
    if icc_profile:
        options["icc_profile"] = icc_profile
    if stored_as == "JPEG":
        options |= {"quality": 88, "optimize": True}
    elif stored_as == "WEBP":
        options |= {"quality": 88}
    buffer = io.BytesIO()
    turned.save(buffer, format=stored_as, **options)
    return CleanPicture(
        content=buffer.getvalue(), format=stored_as, width=turned.width, height=turned.height
    )
