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
