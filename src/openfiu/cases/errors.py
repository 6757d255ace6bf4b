"""Errors of case work. All subclass :class:`openfiu.errors.StoreError` (an
:class:`~openfiu.errors.OpenFIUError`), so the command line prints them as one line and
the web app can map them to a status code by class:

==============================  =====================================================
error                           typical HTTP status
==============================  =====================================================
:class:`NotFoundError`          404 — no such case, decision, work item or user
:class:`CaseStateError`         409 — the case is closed, the decision already reviewed
:class:`CaseInputError`         422 — an empty reason, an unknown kind or filter
PermissionDeniedError           403 — from :mod:`openfiu.audit.permissions`
ConcurrentUpdateError           409 — from :mod:`openfiu.store` ("reload and try again")
==============================  =====================================================
"""

from __future__ import annotations

from openfiu.errors import StoreError


class CaseError(StoreError):
    """Base class of the errors of :mod:`openfiu.cases`."""


class NotFoundError(CaseError):
    """A case, decision, work item, attachment or user that does not exist."""


class CaseStateError(CaseError):
    """The action does not fit the current state: a closed case, a decision that was
    already approved or rejected, a work item already triaged."""


class CaseInputError(CaseError):
    """An argument that cannot be used: an empty reason, an unknown decision kind or link
    kind, a malformed work-item key."""
