"""Template helpers, every one named satudata_*."""
from __future__ import annotations
