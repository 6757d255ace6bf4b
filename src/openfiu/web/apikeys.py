"""API keys: made at random, kept as sha256 digests, looked up in constant time per key.

Example::

    >>> key, digest = generate_api_key()
    >>> key.startswith("ofk_"), len(digest)
    (True, 64)
    >>> ring = KeyRing([ApiKey(label="gw", user="gateway", sha256=digest)])
    >>> ring.find(key).label, ring.find("ofk_wrong")
    ('gw', None)

A client sends its key as ``Authorization: ApiKey <key>`` (what OpenSanctions' hosted
yente expects, so yente clients work unchanged), ``Authorization: Bearer <key>`` or
``X-API-Key: <key>``.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable

from openfiu.web.settings import ApiKey

KEY_PREFIX = "ofk_"


def hash_api_key(key: str) -> str:
    """Hex sha256 of ``key`` (keys are random, 256 bits: no slow hash is needed)."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def generate_api_key() -> tuple[str, str]:
    """A new key and its digest: give the key to the client, put the digest in settings."""
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    return key, hash_api_key(key)


class KeyRing:
    """The configured keys, found by digest."""

    def __init__(self, keys: Iterable[ApiKey]) -> None:
        self._by_digest = {k.sha256.lower(): k for k in keys}

    def __len__(self) -> int:
        return len(self._by_digest)

    def find(self, key: str) -> ApiKey | None:
        """The key's settings, or None for an unknown key."""
        digest = hash_api_key(key)
        found = self._by_digest.get(digest)
        # the dict lookup compares digests of a secret the client does not know in
        # advance; compare once more in constant time all the same
        if found is not None and hmac.compare_digest(found.sha256.lower(), digest):
            return found
        return None


__all__ = ["KEY_PREFIX", "KeyRing", "generate_api_key", "hash_api_key"]
