"""Signals the workflow sends, for parts of the portal that react to it.

``transition_applied`` is sent (sender: the dataset id) after a transition
is committed, with ``event`` (the workflow event), ``public`` (whether the
dataset is public now) and ``was_public`` (whether it was before). The
DataStore loads and unloads published tables from it.
"""
from __future__ import annotations

from ckan.lib.signals import ckanext

transition_applied = ckanext.signal("satudata_transition_applied")
