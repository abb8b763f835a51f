"""The approval workflow of Satu Data datasets.

* :mod:`.definition`: the declarative definition (YAML presets ``mojokerto``
  and ``trenggalek``, or a portal's own file) and its start-up validation;
* :mod:`.engine`: the pure function from (definition, state, roles, facts)
  to the transitions a user may take, with the reasons for refusals;
* :mod:`.state`: the current-state table and the append-only events, and the
  atomic compare-and-set that applies a transition;
* :mod:`.policy`: visibility (permission labels) and the edit lock;
* :mod:`.hooks`: what the plugin's interfaces delegate to;
* :mod:`.activity` and :mod:`.notifications`: the side effects of a
  transition (activity stream, email, the overdue digest).

The actions are in :mod:`ckanext.satudata.logic.action.workflow`.
"""
