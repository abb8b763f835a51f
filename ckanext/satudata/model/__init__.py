"""The extension's own tables, all named satudata_*, on CKAN's shared metadata."""
