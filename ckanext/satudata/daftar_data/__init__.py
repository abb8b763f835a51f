"""The Daftar Data: the yearly register of the data each OPD must produce.

The register's rows are :class:`ckanext.satudata.model.daftar_data.DaftarData`
(statuses usulan, ditetapkan, dicabut); its actions and their rules are in
:mod:`ckanext.satudata.logic.action.daftar_data` and
:mod:`ckanext.satudata.logic.auth.daftar_data`, its pages in
:mod:`ckanext.satudata.views.daftar_data`. Here:

* :mod:`.spreadsheet`: reading the SK Bupati annex (XLSX/CSV as Excel makes
  them) into a preview, and writing exports that read back unchanged.
"""
