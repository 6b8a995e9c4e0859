"""One upload policy for every file field, and one way to hand a stored upload back.

Each file field names a policy: the types it takes (told by the file's content with the
`filetype` library, never by its name or the browser's content type), the largest size (a
setting per policy) and, for pictures, Pillow's check and a re-encoding that drops EXIF and GPS
(the orientation is applied first, so the picture still stands the right way up). The stored
name is random (uuid4 hex) with the extension of the type found, so a name chosen by the
uploader never reaches the disk or a URL. Nothing scriptable (HTML, SVG, JavaScript, XML) is on
any allow-list.

The same check runs wherever a file comes in: the form field (site forms and the admin), the
model field's validator (``full_clean()`` in the services and the API) and the field file's
``save()`` (any code that stores a file, which is also where pictures are re-encoded).
"""

from __future__ import annotations

import io
import posixpath
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import filetype
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import FieldFile, ImageFieldFile
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property, lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

MB = 1024 * 1024
PICTURES = ("jpg", "png", "webp")
DOCUMENTS = ("pdf", "docx", "xlsx")
MIME_TYPES = {
    "jpg": "image/jpeg",
    "png": "image/png",
    "webp": "image/webp",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv",
}
LABELS = {
    "jpg": "JPEG",
    "png": "PNG",
    "webp": "WebP",
    "pdf": "PDF",
    "docx": "Word (.docx)",
    "xlsx": "Excel (.xlsx)",
    "csv": "CSV",
}
PILLOW_FORMATS = {"jpg": "JPEG", "png": "PNG", "webp": "WEBP"}
# Text that would make a browser (or a spreadsheet that previews it) treat a "CSV" as a page.
MARKUP = (b"<script", b"<html", b"<svg", b"<!doctype", b"<?xml", b"<iframe", b"<body", b"<object")
# Headers for every upload handed back: no sniffing a type, nothing in it may run or load.
SANDBOX_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
}


@dataclass(frozen=True)
class UploadPolicy:
    """What one kind of upload may be: its types and the setting that caps its size."""

    key: str
    kinds: tuple[str, ...]
    size_setting: str
    default_max_bytes: int

    @property
    def max_bytes(self) -> int:
        return int(getattr(settings, self.size_setting, self.default_max_bytes))

    @property
    def accept(self) -> str:
        """Return the file input's accept attribute (a hint only; the content decides)."""
        return ",".join(f".{kind}" for kind in self.kinds)


POLICIES: dict[str, UploadPolicy] = {
    policy.key: policy
    for policy in (
        UploadPolicy("site_photo", PICTURES, "SITE_PHOTO_MAX_BYTES", 5 * MB),
        UploadPolicy("pledge_photo", PICTURES, "PLEDGE_PHOTO_MAX_BYTES", 5 * MB),
        UploadPolicy("summons_photo", PICTURES, "SUMMONS_PHOTO_MAX_BYTES", 5 * MB),
        UploadPolicy("meeting_photo", PICTURES, "MEETING_PHOTO_MAX_BYTES", 5 * MB),
        UploadPolicy("evidence", PICTURES + DOCUMENTS, "EVIDENCE_MAX_BYTES", 10 * MB),
        UploadPolicy("attachment", PICTURES + DOCUMENTS, "ATTACHMENT_MAX_BYTES", 10 * MB),
        UploadPolicy("workbook", ("xlsx", "csv"), "IMPORT_MAX_BYTES", 10 * MB),
        # Made by the portal (the inspection ledger), never uploaded; kept private all the same.
        UploadPolicy("ledger", ("pdf", "xlsx"), "LEDGER_MAX_BYTES", 200 * MB),
    )
}


def _policy(policy: UploadPolicy | str) -> UploadPolicy:
    return POLICIES[policy] if isinstance(policy, str) else policy


def _refuse_type(policy: UploadPolicy) -> ValidationError:
    return ValidationError(
        _("This type of file is not accepted here. Upload one of: %(kinds)s."),
        code="wrong_type",
        params={"kinds": ", ".join(dict.fromkeys(LABELS[k] for k in policy.kinds))},
    )


def _looks_like_csv(data: bytes) -> bool:
    """Return True for plain text a spreadsheet reads as CSV, and False for binary or markup."""
    if b"\x00" in data:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        break
    else:
        return False
    head = data[:65536].lower()
    return not head.lstrip().startswith(b"<") and not any(tag in head for tag in MARKUP)


def _check_picture(file: IO[bytes], kind: str, policy: UploadPolicy) -> None:
    max_pixels = int(getattr(settings, "UPLOAD_MAX_PIXELS", 40_000_000))
    try:
        file.seek(0)
        with Image.open(file) as picture:
            if picture.format != PILLOW_FORMATS[kind]:
                raise _refuse_type(policy)
            if picture.width * picture.height > max_pixels:
                raise ValidationError(
                    _("This picture has too many pixels. Send a smaller photo."),
                    code="too_many_pixels",
                )
            picture.verify()
        # verify() checks the structure only; decoding finds data cut short or corrupt.
        file.seek(0)
        with Image.open(file) as picture:
            picture.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _("This file is not a picture. Upload a JPEG, PNG or WebP photo."), code="not_image"
        ) from exc
    finally:
        file.seek(0)


def upload_check(file: Any, policy: UploadPolicy | str) -> str:
    """Check an upload against a policy by its size and content; return its type's extension.

    Raise ValidationError, with a message for the person uploading, when it is refused."""
    policy = _policy(policy)
    size = getattr(file, "size", None)
    if size is not None and size > policy.max_bytes:
        raise ValidationError(
            _("This file is too large: at most %(size)s here."),
            code="too_big",
            params={"size": filesizeformat(policy.max_bytes)},
        )
    file.seek(0)
    head = file.read(8192)
    file.seek(0)
    found = filetype.guess(head)
    kind = found.extension if found is not None else None
    if kind is None and "csv" in policy.kinds:
        data = file.read(policy.max_bytes + 1)
        file.seek(0)
        if len(data) > policy.max_bytes:
            raise ValidationError(
                _("This file is too large: at most %(size)s here."),
                code="too_big",
                params={"size": filesizeformat(policy.max_bytes)},
            )
        kind = "csv" if _looks_like_csv(data) else None
    if kind not in policy.kinds:
        raise _refuse_type(policy)
    if kind in PICTURES:
        _check_picture(file, kind, policy)
    return kind


def picture_clean(file: IO[bytes], kind: str) -> bytes:
    """Return the picture re-encoded in its own format, turned upright, without EXIF or GPS."""
    file.seek(0)
    with Image.open(file) as original:
        picture = ImageOps.exif_transpose(original)
        fmt = PILLOW_FORMATS[kind]
        if fmt == "JPEG" and picture.mode not in ("RGB", "L"):
            picture = picture.convert("RGB")
        options: dict[str, Any] = {}
        if "transparency" in picture.info and fmt == "PNG":
            options["transparency"] = picture.info["transparency"]
        if picture.info.get("icc_profile"):
            options["icc_profile"] = picture.info["icc_profile"]
        if fmt == "JPEG":
            options["quality"] = 88
        # Only what is passed here is written: no exif=, so no EXIF, GPS or maker notes.
        picture.info = {}
        out = io.BytesIO()
        picture.save(out, fmt, **options)
    return out.getvalue()


def upload_sanitise(file: Any, policy: UploadPolicy | str) -> tuple[Any, str]:
    """Check an upload and return what to store (pictures re-encoded) and its extension."""
    kind = upload_check(file, policy)
    if kind in PICTURES:
        try:
            return ContentFile(picture_clean(file, kind)), kind
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
            # verify() reads the structure only; a picture whose data is cut short fails here.
            raise ValidationError(
                _("This file is not a picture. Upload a JPEG, PNG or WebP photo."),
                code="not_image",
            ) from exc
    file.seek(0)
    return file, kind


@deconstructible
class UploadValidator:
    """The model fields' validator: a newly assigned file must pass its policy."""

    def __init__(self, policy: str) -> None:
        self.policy = policy

    def __call__(self, value: Any) -> None:
        if not value or getattr(value, "_committed", False):
            return  # nothing new: a file already stored passed when it came in
        upload_check(getattr(value, "file", value), self.policy)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UploadValidator) and other.policy == self.policy

    def __hash__(self) -> int:
        return hash(self.policy)


@deconstructible
class RandomName:
    """The upload_to of every file field: folder/year/month/<uuid4 hex>.<type found>."""

    def __init__(self, folder: str) -> None:
        self.folder = folder.strip("/")

    def __call__(self, instance: Any, filename: str) -> str:
        kind = posixpath.splitext(filename)[1].lower().lstrip(".")
        if kind not in MIME_TYPES:
            kind = "bin"
        return f"{self.folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{kind}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RandomName) and other.folder == self.folder

    def __hash__(self) -> int:
        return hash(self.folder)


_lazy_size = lazy(lambda policy: filesizeformat(policy.max_bytes), str)


class PolicyFormField(forms.FileField):
    """A form's file field that refuses what its policy refuses, with the reason."""

    def __init__(self, *args: Any, policy: str, **kwargs: Any) -> None:
        self.policy = _policy(policy)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("accept", self.policy.accept)
        if not self.help_text:
            self.help_text = format_lazy(
                _("{kinds}; at most {size}."),
                kinds=", ".join(dict.fromkeys(LABELS[k] for k in self.policy.kinds)),
                size=_lazy_size(self.policy),
            )

    def to_python(self, data: Any) -> Any:
        data = super().to_python(data)
        if data:
            upload_check(data, self.policy)
        return data


class _PolicyFile:
    field: Any
    instance: Any

    def save(self, name: str, content: Any, save: bool = True) -> None:
        content, kind = upload_sanitise(content, self.field.policy)
        super().save(f"upload.{kind}", content, save)  # type: ignore[misc]

    @property
    def url(self) -> str:
        """Return where the file is fetched: a private file's scoped view (by the owning row's
        id), so no link anywhere, the admin's included, points into the media folder."""
        if self.field.download is None:
            return super().url  # type: ignore[misc]
        self._require_file()  # type: ignore[attr-defined]
        return reverse(self.field.download, args=[self.instance.pk])


class PolicyFieldFile(_PolicyFile, FieldFile):
    pass


class PolicyImageFieldFile(_PolicyFile, ImageFieldFile):
    pass


class _PolicyField:
    """Shared by the two model fields: a policy key and a folder instead of upload_to."""

    def __init__(
        self, *args: Any, policy: str, folder: str, download: str | None = None, **kwargs: Any
    ) -> None:
        """`download` names the URL (taking the row's id) that serves a private file after
        checking the user's scope; a file without one is public (PUBLIC_MEDIA_PREFIXES)."""
        if policy not in POLICIES:
            raise ValueError(f"unknown upload policy {policy!r}")
        self.policy, self.folder, self.download = policy, folder, download
        kwargs["upload_to"] = RandomName(folder)
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]

    @cached_property
    def validators(self) -> list[Any]:
        return [*super().validators, UploadValidator(self.policy)]  # type: ignore[misc]

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()  # type: ignore[misc]
        kwargs.pop("upload_to", None)
        kwargs["policy"], kwargs["folder"] = self.policy, self.folder
        return name, path, args, kwargs

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(  # type: ignore[misc]
            **{**kwargs, "form_class": PolicyFormField, "policy": self.policy}
        )


class PolicyFileField(_PolicyField, models.FileField):
    attr_class = PolicyFieldFile


class PolicyImageField(_PolicyField, models.ImageField):
    attr_class = PolicyImageFieldFile


def upload_response(file: IO[bytes], *, filename: str, inline: bool = False) -> FileResponse:
    """Answer a stored upload so that no browser runs it: its type from the stored name's
    extension (a type the policy found), nosniff, a sandboxing CSP, and as an attachment unless
    `inline` is asked for a picture."""
    kind = posixpath.splitext(filename)[1].lower().lstrip(".")
    show = inline and kind in PICTURES
    response = FileResponse(
        file,
        as_attachment=not show,
        filename=posixpath.basename(filename),
        content_type=MIME_TYPES.get(kind, "application/octet-stream"),
    )
    for header, value in SANDBOX_HEADERS.items():
        response[header] = value
    return response


def public_media_path(path: str, root: str | Path, prefixes: tuple[str, ...]) -> Path | None:
    """Return the file a public media URL names, or None if the path is not plainly under a
    public prefix: any '..' or '.' segment, empty segment, backslash, NUL, percent sign left
    after decoding, absolute path or character that Unicode folds into another is refused, and
    the resolved file must still lie under the prefix's folder."""
    if not path or any(ch in path for ch in ("\\", "\x00", "%", ":")) or path.startswith("/"):
        return None
    if unicodedata.normalize("NFKC", path) != path or not path.isprintable():
        return None
    segments = path.split("/")
    if any(segment in ("", ".", "..") for segment in segments):
        return None
    if posixpath.normpath(path) != path:
        return None
    prefix = next((p for p in prefixes if path.startswith(p) and len(path) > len(p)), None)
    if prefix is None:
        return None
    base = (Path(root) / prefix).resolve()
    target = (Path(root) / path).resolve()
    if not target.is_relative_to(base) or not target.is_file():
        return None
    return target
