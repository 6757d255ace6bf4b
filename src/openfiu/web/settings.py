"""Settings of the web application, read from ``OPENFIU_WEB_*`` environment variables.

The store (``OPENFIU_DATABASE_URL``), home folder and threshold come from
:class:`openfiu.config.Settings`; what only the web application needs is here.

Example::

    >>> s = WebSettings(max_upload_bytes=1024, login_failures_per_user=3)
    >>> s.session_cookie, s.max_upload_bytes
    ('openfiu_session', 1024)

API keys are kept as sha256 digests only (the keys are 256-bit random strings, so a fast
hash is enough); each names the store user it acts as and, optionally, the justification
recorded for person searches when the client sends none (yente clients cannot)::

    OPENFIU_WEB_API_KEYS='[{"label": "bank-gateway", "user": "gateway",
        "sha256": "9f…", "justification": "customer onboarding screening, contract 2024/17"}]'

Make a key with :func:`openfiu.web.apikeys.generate_api_key` (``openfiu serve --new-api-key``).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

SECRET_FILE = "web-secret"
"""File in OPENFIU_HOME holding the session-signing key when none is configured."""


class ApiKey(BaseModel):
    """One API key: whose it is, the user it acts as, and its sha256 (never the key)."""

    label: str = Field(description="A name for the client, shown in logs (e.g. 'bank-gateway').")
    user: str = Field(
        description="The store user the key acts as; its roles decide what it may do."
    )
    sha256: str = Field(description="Hex sha256 of the key.", min_length=64, max_length=64)
    justification: str | None = Field(
        default=None,
        description="Recorded for person searches that bring no justification of their own.",
    )


class WebSettings(BaseSettings):
    """Web application settings (environment prefix ``OPENFIU_WEB_``)."""

    model_config = SettingsConfigDict(env_prefix="OPENFIU_WEB_", extra="ignore")

    lists: list[Path] = Field(
        default_factory=list,
        description="List files to screen against; default the current downloaded UN list.",
    )
    secret_key: str | None = Field(
        default=None,
        description="Key that signs session cookies; default a random key kept in HOME/web-secret.",
    )
    api_keys: list[ApiKey] = Field(default_factory=list, description="API keys (JSON list).")
    session_cookie: str = Field(default="openfiu_session", description="Session cookie name.")
    session_max_age: int = Field(
        default=8 * 3600, gt=0, description="Seconds a sign-in lasts (a working day)."
    )
    cookie_secure: bool = Field(
        default=False, description="Send the session cookie over HTTPS only (set behind TLS)."
    )
    max_upload_bytes: int = Field(
        default=10 * 1024 * 1024, gt=0, description="Largest request body accepted, in bytes."
    )
    login_window_seconds: int = Field(
        default=900, gt=0, description="Window in which failed sign-ins are counted."
    )
    login_failures_per_user: int = Field(
        default=5, gt=0, description="Failed sign-ins of one username allowed per window."
    )
    login_failures_per_ip: int = Field(
        default=20, gt=0, description="Failed sign-ins from one address allowed per window."
    )
    login_attempts_per_ip_minute: int = Field(
        default=30, gt=0, description="Sign-in attempts (right or wrong) per address a minute."
    )
    max_queries: int = Field(
        default=100, gt=0, description="Most queries in one /match request (yente: 100)."
    )
    user_cache_seconds: float = Field(
        default=30.0, ge=0, description="How long an API key's user and roles are cached."
    )
    audit_batch: int = Field(
        default=500, gt=0, description="Most searches written in one audit transaction."
    )


def secret_key(settings: WebSettings, home: Path) -> str:
    """The configured secret key, else the one kept in ``home/web-secret`` (made once,
    readable by its owner only), so that every worker process signs cookies alike."""
    if settings.secret_key:
        return settings.secret_key
    home.mkdir(parents=True, exist_ok=True)
    path = home / SECRET_FILE
    try:
        text = path.read_text(encoding="ascii").strip()
        if text:
            return text
    except FileNotFoundError:
        pass
    # write a temporary file, then link it into place: a worker that loses the race
    # reads the winner's complete key
    tmp = home / f".{SECRET_FILE}.{os.getpid()}.{secrets.token_hex(4)}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secrets.token_urlsafe(48))
    try:
        os.link(tmp, path)
    except FileExistsError:
        pass
    finally:
        tmp.unlink()
    return path.read_text(encoding="ascii").strip()


__all__ = ["SECRET_FILE", "ApiKey", "WebSettings", "secret_key"]
