from __future__ import annotations

from flask import Blueprint

bp = Blueprint("satudata_daftar_data", __name__)
