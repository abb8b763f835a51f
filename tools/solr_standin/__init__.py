"""A protocol-level Solr stand-in for developing and testing CKAN without Solr.

It speaks the subset of the Solr HTTP API that CKAN (through pysolr) uses and
evaluates queries against an in-memory index whose field semantics come from
CKAN's own ``schema.xml``. See README.md for what is and is not supported.
"""
