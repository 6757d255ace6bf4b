"""The analyst web application and the REST API (``openfiu serve``).

Public API::

    from openfiu.web import create_app, WebSettings, generate_api_key
    app = create_app(WebSettings(lists=["consolidated.xml"]))

* ``POST /api/match/{dataset}`` and ``/match/{dataset}``: OpenSanctions yente's request and
  response, so yente clients work unchanged (:mod:`openfiu.web.yente`);
* ``GET /api/search?q=``: one name with explained results; ``GET /api/lists``;
  ``GET /healthz``; the schema at ``/openapi.json``;
* pages: ``/login``, ``/`` (home), ``/search``, sign-out (:mod:`openfiu.web.pages`).

Security (:mod:`openfiu.web.auth`, :mod:`openfiu.web.security`): argon2 sign-in with rate
limits, signed HttpOnly SameSite=Strict session cookie, CSRF tokens, API keys kept as
digests, a role check on every route, security headers, a body size limit. Every search
is audited (:mod:`openfiu.web.auditing`). See docs/web.md.
"""

from openfiu.web.apikeys import generate_api_key, hash_api_key
from openfiu.web.app import app_from_env, create_app
from openfiu.web.settings import ApiKey, WebSettings

__all__ = [
    "ApiKey",
    "WebSettings",
    "app_from_env",
    "create_app",
    "generate_api_key",
    "hash_api_key",
]
