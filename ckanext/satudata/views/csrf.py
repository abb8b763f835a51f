"""CSRF protection for every logged-in browser session, on every request.

CKAN skips the CSRF check for requests authenticated by an API token in the
``Authorization`` header (a script cannot be tricked into a cross-site
request). CKAN 2.12.0 does this by adding the view to the CSRF extension's
list of exempt views, which lasts for the life of the process: after one
token request to a view, cookie sessions post to it without a token too
(workflow transitions, role assignments, ``/api/3/action/*``). 2.11 exempts
only the request itself.

This hook checks the token of every state-changing request of a logged-in
cookie session, whatever CKAN remembered; blueprints exempted on purpose at
start-up (CKAN 2.11's ``ckan.csrf_protection.ignore_extensions``) stay
exempt. Token requests and anonymous requests are left to CKAN.
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, g, request
from flask_login import current_user

bp = Blueprint("satudata_csrf", __name__)


def _exempt_blueprint(csrf: object) -> bool:
    exempt: set[Any] = getattr(csrf, "_exempt_blueprints", set())
    blueprint = request.blueprint
    if blueprint is None:
        return False
    return blueprint in exempt or current_app.blueprints.get(blueprint) in exempt


@bp.before_app_request
def check_session_csrf() -> None:
    config = current_app.config
    csrf = current_app.extensions.get("csrf")
    if (
        csrf is None
        or not config.get("WTF_CSRF_ENABLED", True)
        or not config.get("WTF_CSRF_CHECK_DEFAULT", True)
        or request.method not in config.get("WTF_CSRF_METHODS", ())
        or not request.endpoint
        or g.get("login_via_auth_header")
        or not current_user.is_authenticated
        or _exempt_blueprint(csrf)
    ):
        return
    csrf.protect()
