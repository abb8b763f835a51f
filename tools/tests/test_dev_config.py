"""The config `make run` writes (scripts/dev-config.sh), read as CKAN reads it.

Cheaper than starting the portal: the script is run into a scratch data
directory, and the options are judged with the validators CKAN declares for
them.
"""

from __future__ import annotations

import configparser
import os
import subprocess
from pathlib import Path

from conftest import ROOT, VERSION


def dev_config(directory: Path) -> configparser.SectionProxy:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CKAN_")}
    env |= {"CKAN_VERSION": VERSION, "SATUDATA_DEV_DIR": str(directory)}
    subprocess.run([str(ROOT / "scripts" / "dev-config.sh")], env=env, check=True,
                   capture_output=True)
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(directory / "ckan.ini")
    return parser["app:main"]


def test_the_resource_form_offers_uploads_into_the_dev_storage(tmp_path):
    from ckan.logic.validators import boolean_validator

    config = dev_config(tmp_path)
    # CKAN 2.11's `ckan generate config` alone writes `ckan.uploads_enabled =`:
    # false.
    assert boolean_validator(config["ckan.uploads_enabled"], {}) is True
    storage = Path(config["ckan.storage_path"])
    assert storage == tmp_path / "storage" and storage.is_dir()
    assert int(config["ckan.max_resource_size"]) > 0


def test_no_avatars_from_gravatar(tmp_path):
    """No official's email hash goes to gravatar.com, and a browser without
    the internet does not wait for it on every page: CKAN's placeholder."""
    assert dev_config(tmp_path)["ckan.gravatar_default"] == "disabled"
    test_ini = configparser.ConfigParser(interpolation=None)
    test_ini.read(ROOT / "test.ini")
    assert test_ini["app:main"]["ckan.gravatar_default"] == "disabled"
