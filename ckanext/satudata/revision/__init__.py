"""Revisions of published datasets: a draft copy, its changes, its publication."""
