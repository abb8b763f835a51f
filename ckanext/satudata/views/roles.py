from __future__ import annotations

from flask import Blueprint

bp = Blueprint("satudata_roles", __name__)
