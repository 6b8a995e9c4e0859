"""Small real files for upload tests: the upload policy reads content, so names are not enough."""

from __future__ import annotations

import io

import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

# The smallest PDF a reader opens: one empty page.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def picture_bytes(fmt: str = "JPEG", size: tuple[int, int] = (8, 6), exif: bytes = b"") -> bytes:
    out = io.BytesIO()
    options = {"exif": exif} if exif else {}
    Image.new("RGB", size, (200, 16, 46)).save(out, fmt, **options)
    return out.getvalue()


def jpeg_upload(name: str = "photo.jpg", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, picture_bytes("JPEG", **kwargs), content_type="image/jpeg")


def png_upload(name: str = "photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, picture_bytes("PNG"), content_type="image/png")


def pdf_upload(name: str = "proof.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def xlsx_bytes() -> bytes:
    return tablib.Dataset(["一", "二"], headers=["甲", "乙"]).export("xlsx")
