"""What every page does with its request: who asks, and a refusal in words."""
from __future__ import annotations

from typing import cast

import ckan.plugins.toolkit as tk
from ckan.types import Context


def context() -> Context:
    """The action context of the logged-in user (or anonymous)."""
    user = tk.current_user
    return cast(Context, {
        "user": user.name if user and user.is_authenticated else "",
        "auth_user_obj": user,
    })


def error_text(error: tk.ValidationError) -> str:
    """A ValidationError's messages as one line, for a flash message."""
    messages = []
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
