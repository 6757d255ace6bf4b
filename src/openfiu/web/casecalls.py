"""Calling the case service (:mod:`openfiu.cases`) from a page.

Every page action runs one function of the service inside one store transaction (so the
action and its audit event commit together), in a worker thread, with ``via: web`` in the
audit details. The service's errors become HTTP errors with its message, which says what
to do next::

    case = await call(request, lambda s: view_case(s, principal.id, reference))

A form that changed something redirects (303) back to a page and leaves a one-line
message for it with :func:`flash` (shown once, by ``base.html``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from fastapi import HTTPException, Request
from fastapi.responses import RedirectResponse
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from openfiu.audit import PERMISSIONS, PermissionDeniedError
from openfiu.cases import CaseInputError, CaseStateError, NotFoundError, acting_via
from openfiu.errors import OpenFIUError
from openfiu.store import AttachmentTooLargeError, ConcurrentUpdateError, FourEyesError
from openfiu.web.auth import Principal
from openfiu.web.state import get_state

T = TypeVar("T")

STATUS: tuple[tuple[type[Exception], int], ...] = (
    (PermissionDeniedError, 403),
    (FourEyesError, 403),
    (NotFoundError, 404),
    (ConcurrentUpdateError, 409),
    (CaseStateError, 409),
    (AttachmentTooLargeError, 413),
    (CaseInputError, 422),
)
"""Service error → HTTP status (anything else of openfiu's: 400)."""

FLASH = "flash"


def status_of(exc: Exception) -> int:
    """The HTTP status for a service error."""
    for kind, status in STATUS:
        if isinstance(exc, kind):
            return status
    return 400


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "." if text else "Refused."


async def call(request: Request, work: Callable[[Session], T]) -> T:
    """Run ``work(session)`` in one transaction; service errors become HTTP errors."""
    state = get_state(request)

    def run() -> T:
        with acting_via("web"), state.store.transaction() as session:
            return work(session)

    try:
        return await run_in_threadpool(run)
    except OpenFIUError as exc:
        if isinstance(exc, ConcurrentUpdateError):
            message = "Someone changed this in the meantime; reload the page and try again."
        else:
            message = _sentence(str(exc))
        raise HTTPException(status_of(exc), message) from exc


def require_role(principal: Principal, *actions: str) -> None:
    """403 unless one of ``principal``'s roles allows one of ``actions``, whatever the case
    (for pages about cases in general; each case checks its grants when opened)."""
    for action in actions:
        if any(action in PERMISSIONS.get(role, frozenset()) for role in principal.role_names):
            return
    holders = sorted(
        role for role, allowed in PERMISSIONS.items() if any(a in allowed for a in actions)
    )
    raise HTTPException(
        403, f"{principal.username} may not see this page: it needs the role {' or '.join(holders)}"
    )


def flash(request: Request, message: str) -> None:
    """Leave ``message`` for the next page this session sees."""
    request.session[FLASH] = message[:500]


def take_flash(request: Request) -> str | None:
    """The message left by :func:`flash`, once."""
    if "session" not in request.scope:
        return None
    message = request.session.pop(FLASH, None)
    return message if isinstance(message, str) else None


def back(path: str, message: str | None = None, request: Request | None = None) -> RedirectResponse:
    """Redirect (303, after a POST) to ``path``, with a message when given."""
    if message is not None and request is not None:
        flash(request, message)
    return RedirectResponse(path, status_code=303)


__all__ = ["STATUS", "back", "call", "flash", "require_role", "status_of", "take_flash"]
