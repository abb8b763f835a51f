# Only babel's message extractors: they cannot be declared in pyproject.toml
# (see ckan/ckan#8382). Everything else is in pyproject.toml.
from setuptools import setup

setup(
    message_extractors={
        "ckanext": [
            ("**.py", "python", None),
            ("**.js", "javascript", None),
            ("**/templates/**.html", "ckan", None),
        ],
    },
)
