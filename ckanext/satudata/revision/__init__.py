"""Revisions of published datasets (Pemutakhiran) and their versions.

:mod:`.service` starts, publishes and abandons a revision; :mod:`.versions`
records each publication of a dataset as a numbered version and keeps its
files; :mod:`.copying` turns a live dataset into a draft and a draft back
into the live dataset's metadata; :mod:`.diff` and :mod:`.table_diff` say
what a revision changes against the live version.
"""
