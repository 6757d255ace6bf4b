"""Errors of the case store. All subclass :class:`openfiu.errors.StoreError`."""

from __future__ import annotations

from openfiu.errors import StoreError


class MigrationError(StoreError):
    """The database schema is not the one this code expects (run ``openfiu db upgrade``)."""


class ConcurrentUpdateError(StoreError):
    """Someone else changed the same case or decision after it was read; reload and retry."""


class FourEyesError(StoreError):
    """A decision was approved or rejected by the person who proposed it."""


class AttachmentTooLargeError(StoreError):
    """An attachment is larger than ``OPENFIU_MAX_ATTACHMENT_BYTES``."""


class AppendOnlyError(StoreError):
    """The database refused to change or delete a row of the audit log."""
