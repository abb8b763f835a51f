"""Where a Satu Data role lands after logging in: "Tugas saya".

CKAN's login form (``user.login``) sends the user to a local ``came_from``
(or ``next``) when one was given, else to ``ckan.auth.route_after_login``,
one route for everybody. A role holder's work starts on their task queue,
so this hook rewrites only that default redirect, only for role holders;
an explicit target, anonymous and plain users keep CKAN's behaviour. Logins
through other plugins (IAuthenticator) are not touched.
"""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint
from werkzeug.wrappers import Response

from ckanext.satudata import navigation

bp = Blueprint("satudata_navigation", __name__)


def _explicit_target() -> bool:
    args = tk.request.args
    target = args.get("next", args.get("came_from"))
    return bool(target) and tk.h.url_is_local(target)


@bp.after_app_request
def land_on_queue(response: Response) -> Response:
    if (
        tk.request.endpoint != "user.login"
        or tk.request.method != "POST"
        or response.status_code not in (302, 303)
        or _explicit_target()
        or not navigation.lands_on_queue(navigation.logged_in_user())
    ):
        return response
    response.location = tk.h.url_for(navigation.QUEUE_ENDPOINT)
    return response
