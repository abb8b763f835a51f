"""@validator_args schemas of the satudata actions, one module per domain."""
