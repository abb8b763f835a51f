"""Conformance checks of tables against templates.

:mod:`.reader` opens a file as rows, :mod:`.conformance` checks rows against
a template version, :mod:`.messages` words the findings, :mod:`.infer`
drafts a template from a sample, :mod:`.runner` and :mod:`.jobs` run checks
of resources and keep the reports, and :mod:`.gate` decides whether a
dataset may be submitted.
"""
