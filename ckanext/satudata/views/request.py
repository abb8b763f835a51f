"""What every page does with its request: who asks, and a refusal in words."""
from __future__ import annotations

from typing import Any, cast

import ckan.plugins.toolkit as tk
from ckan.types import Context


def context() -> Context:
    """The action context of the logged-in user (or anonymous)."""
    user = tk.current_user
    return cast(Context, {
        "user": user.name if user and user.is_authenticated else "",
        "auth_user_obj": user,
    })


def can(action: str, data_dict: dict[str, Any] | None = None) -> bool:
    """Whether the logged-in user passes the action's auth function."""
    try:
        tk.check_access(action, context(), data_dict or {})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return False
    return True


def call(action: str, data_dict: dict[str, Any]) -> Any:
    """Run an action for a page: 404 and 403 become error pages."""
    try:
        return tk.get_action(action)(context(), data_dict)
    except tk.ObjectNotFound as e:
        return tk.abort(404, str(e) or tk._("Tidak ditemukan."))
    except tk.NotAuthorized as e:
        return tk.abort(403, str(e) or tk._("Anda tidak berhak membuka halaman ini."))


def submit(action: str, data_dict: dict[str, Any]) -> Any:
    """Run an action for a form's POST, as :func:`call`; a refusal of the
    input becomes a flash message and the result ``None``, for the page to
    send the user back."""
    try:
        return call(action, data_dict)
    except tk.ValidationError as e:
        tk.h.flash_error(error_text(e))
        return None


def flash_errors(errors: dict[str, Any]) -> None:
    """A ValidationError's messages as flash messages, one each."""
    for messages in errors.values():
        for message in messages if isinstance(messages, list) else [messages]:
            tk.h.flash_error(str(message))


def error_text(error: tk.ValidationError) -> str:
    """A ValidationError's messages as one line, for a flash message."""
    messages: list[str] = []
    for field_errors in error.error_dict.values():
        if isinstance(field_errors, list):
            messages.extend(str(m) for m in field_errors)
        else:
            messages.append(str(field_errors))
    return " ".join(messages)


def flag_arg(name: str) -> bool:
    """A yes/no query parameter (absent: no); anything else is a 400."""
    value = tk.request.args.get(name, "").strip().lower()
    if value in ("", "0", "false", "no", "tidak", "off"):
        return False
    if value in ("1", "true", "yes", "ya", "on"):
        return True
    return tk.abort(400, tk._(
        "Parameter {name} hanya boleh berisi true atau false.").format(name=name))


def int_arg(name: str, default: int, *, minimum: int = 0,
            maximum: int = 2**31 - 1) -> int:
    """A whole-number query parameter within bounds (absent or blank: the
    default); anything else is a 400."""
    value = tk.request.args.get(name, "").strip()
    if not value:
        return default
    if not value.isdecimal() or len(value) > 10 or not (
            minimum <= int(value) <= maximum):
        return tk.abort(400, tk._(
            "Parameter {name} harus bilangan bulat dari {minimum} sampai "
            "{maximum}.").format(name=name, minimum=minimum, maximum=maximum))
    return int(value)
