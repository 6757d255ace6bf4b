"""Case attachments with their size checked and their content hashed.

Example::

    with store.transaction() as session:
        session.add(make_attachment(case.id, "statement.pdf", content=data,
                                    media_type="application/pdf", uploaded_by=user.id))

Small files are kept in the database (``content``); large ones can be kept on disk by
passing ``path`` instead, and :func:`read_attachment` checks their hash when read back.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from openfiu.config import get_settings
from openfiu.errors import StoreError
from openfiu.store.errors import AttachmentTooLargeError
from openfiu.store.models.cases import Attachment


def make_attachment(
    case_id: int,
    filename: str,
    *,
    content: bytes | None = None,
    path: Path | str | None = None,
    media_type: str = "application/octet-stream",
    uploaded_by: int | None = None,
    max_bytes: int | None = None,
) -> Attachment:
    """An :class:`Attachment` for ``content`` (kept in the database) or the file ``path``.

    Raises :class:`AttachmentTooLargeError` over ``max_bytes`` (default
    ``OPENFIU_MAX_ATTACHMENT_BYTES``), :class:`StoreError` when both or neither are given.
    """
    if (content is None) == (path is None):
        raise StoreError(f"{filename}: give the attachment's content or its path, not both")
    limit = max_bytes if max_bytes is not None else get_settings().max_attachment_bytes
    size = len(content) if content is not None else Path(path or "").stat().st_size
    if size > limit:
        raise AttachmentTooLargeError(
            f"{filename}: {size:,} bytes is over the {limit:,}-byte attachment limit "
            "(OPENFIU_MAX_ATTACHMENT_BYTES)"
        )
    data = content if content is not None else Path(path or "").read_bytes()
    return Attachment(
        case_id=case_id,
        filename=filename,
        media_type=media_type,
        size=size,
        sha256=hashlib.sha256(data).hexdigest(),
        content=content,
        path=str(path) if path is not None else None,
        uploaded_by=uploaded_by,
    )


def read_attachment(attachment: Attachment) -> bytes:
    """The attachment's bytes, checked against its sha256 (a changed file is refused)."""
    data = attachment.content if attachment.content is not None else None
    if data is None:
        data = Path(attachment.path or "").read_bytes()
    if hashlib.sha256(data).hexdigest() != attachment.sha256:
        raise StoreError(
            f"{attachment.filename}: content does not match its sha256; the file was changed"
        )
    return data
