"""Table templates: the table format the Walidata sets for each Daftar Data
item, a versioned Frictionless Table Schema.

The templates and their versions are
:class:`ckanext.satudata.model.template.Template` and ``TemplateVersion``;
their actions are in :mod:`ckanext.satudata.logic.action.template`, their
pages in :mod:`ckanext.satudata.views.template`. Checking a file against a
template is :mod:`ckanext.satudata.checks`. Here:

* :mod:`.cleaning`: what a version may contain, normalised, with errors in
  Bahasa Indonesia (the API and the authoring page share it);
* :mod:`.form`: the authoring page's column table to and from a version;
* :mod:`.drafting`: a draft template from a sample table;
* :mod:`.downloads`: the XLSX workbook and CSV header a producer fills.
"""
