"""What the running application holds: settings, store, screener, keys, limits, writer.

One :class:`WebState` per app (``app.state.openfiu``); routers get it with
:func:`get_state`. Loading the lists happens once, when the app is made.
"""

from __future__ import annotations

import copy
import datetime as dt
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates

from openfiu.config import Settings
from openfiu.screening import Screener
from openfiu.store import Store
from openfiu.web.apikeys import KeyRing
from openfiu.web.auditing import AuditWriter
from openfiu.web.batchjobs import BatchJobs
from openfiu.web.security import LoginLimiter
from openfiu.web.settings import WebSettings
from openfiu.web.yente import EntityView

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

MIN_THRESHOLD = 0.5
"""Lowest threshold a request may ask for (lower ones would score most of the list)."""


@dataclass(frozen=True, slots=True)
class LoadedList:
    """A list version the screener holds."""

    source: str
    version: str
    sha256: str
    format: str
    path: str
    entities: int
    issues: int
    loaded_at: dt.datetime
    store_id: int | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "version": self.version,
            "sha256": self.sha256,
            "format": self.format,
            "path": self.path,
            "entities": self.entities,
            "issues": self.issues,
            "loaded_at": self.loaded_at.isoformat(),
            "store_id": self.store_id,
        }


@dataclass
class WebState:
    """Everything the routers share."""

    settings: WebSettings
    core: Settings
    store: Store
    screener: Screener
    lists: list[LoadedList]
    keys: KeyRing
    limiter: LoginLimiter
    audit: AuditWriter
    templates: Jinja2Templates
    entities: EntityView
    principals: dict[str, tuple[float, Any]] = field(default_factory=dict)
    """Signed-in users by API key or basic credentials, with when each entry expires."""
    batch: BatchJobs = field(default_factory=BatchJobs)
    """Batch screening uploads running in this process, and their progress."""
    _screeners: dict[float, Screener] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def screener_at(self, threshold: float | None) -> Screener:
        """The screener reporting from ``threshold`` (rounded to 0.01, at least
        :data:`MIN_THRESHOLD`). Views share the index and the name cache, whose keys
        include the threshold; only the threshold differs."""
        if threshold is None:
            return self.screener
        wanted = round(max(MIN_THRESHOLD, min(1.0, threshold)), 2)
        if wanted == self.screener.threshold:
            return self.screener
        view = self._screeners.get(wanted)
        if view is None:
            with self._lock:
                view = self._screeners.get(wanted)
                if view is None:
                    view = copy.copy(self.screener)
                    view.threshold = wanted
                    self._screeners[wanted] = view
        return view


def get_state(request: Request) -> WebState:
    """The app's :class:`WebState` (a FastAPI dependency)."""
    state: WebState = request.app.state.openfiu
    return state


__all__ = ["MIN_THRESHOLD", "STATIC_DIR", "TEMPLATES_DIR", "LoadedList", "WebState", "get_state"]
