"""Settings of an openfiu installation, read from ``OPENFIU_*`` environment variables.

Every setting has a default that works on a fresh machine; the CLI's options override them
for one command.

Example::

    >>> from openfiu.config import Settings
    >>> s = Settings(home="/tmp/fiu")
    >>> s.lists_dir.as_posix()
    '/tmp/fiu/lists'
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_MAX_LIST_BYTES = 200 * 1024 * 1024
"""Largest list file that is downloaded or read (the UN list is about 2 MB)."""


class Settings(BaseSettings):
    """Installation settings.

    Environment variables: ``OPENFIU_HOME``, ``OPENFIU_LISTS_DIR``, ``OPENFIU_THRESHOLD``,
    ``OPENFIU_MAX_LIST_BYTES``.

    Example::

        >>> import os
        >>> os.environ["OPENFIU_THRESHOLD"] = "0.8"
        >>> Settings().threshold
        0.8
        >>> del os.environ["OPENFIU_THRESHOLD"]
    """

    model_config = SettingsConfigDict(env_prefix="OPENFIU_", extra="ignore")

    home: Path = Field(
        default=Path("~/.openfiu"), description="Folder of openfiu's own files (lists, caches)."
    )
    lists_dir: Path | None = Field(
        default=None, description="Where downloaded list versions are kept; default HOME/lists."
    )
    threshold: float | None = Field(
        default=None,
        ge=0.0,
        le=1.0,
        description="Smallest score reported as a match; None keeps the screener's default.",
    )
    max_list_bytes: int = Field(
        default=DEFAULT_MAX_LIST_BYTES, gt=0, description="Largest list file accepted, in bytes."
    )
    database_url: str | None = Field(
        default=None,
        description=(
            "SQLAlchemy URL of the case store, e.g. postgresql+psycopg://fiu@db/openfiu; "
            "default a SQLite file HOME/openfiu.db."
        ),
    )
    retention_query_days: int | None = Field(
        default=None,
        gt=0,
        description="Days screening runs and their queries are kept; None keeps them.",
    )
    retention_closed_case_days: int | None = Field(
        default=None,
        gt=0,
        description="Days a closed case is kept after closing; None keeps it.",
    )
    max_attachment_bytes: int = Field(
        default=25 * 1024 * 1024, gt=0, description="Largest case attachment accepted, in bytes."
    )

    @field_validator("home", "lists_dir")
    @classmethod
    def _expand_user(cls, value: Path | None) -> Path | None:
        return value.expanduser() if value is not None else None

    @model_validator(mode="after")
    def _default_lists_dir(self) -> Settings:
        if self.lists_dir is None:
            self.lists_dir = self.home / "lists"
        return self

    @property
    def store_dir(self) -> Path:
        """The lists folder, never None once validated.

        Example::

            >>> Settings(home="/srv/fiu").store_dir.as_posix()
            '/srv/fiu/lists'
        """
        return self.lists_dir if self.lists_dir is not None else self.home / "lists"


def get_settings() -> Settings:
    """Read the settings from the environment now (not cached, so tests can change it).

    Example::

        >>> get_settings().max_list_bytes > 0
        True
    """
    return Settings()
