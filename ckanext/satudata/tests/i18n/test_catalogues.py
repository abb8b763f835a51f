"""The catalogues the extension ships: English complete, the CKAN core
messages of the Indonesian one translated, and CKAN merging them over its
own (what the pages rely on)."""
from __future__ import annotations

import json
import os
from pathlib import Path

import ckan.lib.i18n as ckan_i18n
import ckan.plugins as p
import pytest
from babel.messages.pofile import read_po
from babel.support import Translations

import ckanext.satudata

I18N = Path(ckanext.satudata.__file__).parent / "i18n"
CORE = "CKAN core"


def _catalogue(locale: str):
    path = I18N / locale / "LC_MESSAGES" / "ckanext-satudata.po"
    with path.open("rb") as f:
        return read_po(f, locale=locale)


def _translated(message) -> bool:
    if isinstance(message.string, tuple):
        return all(message.string)
    return bool(message.string)


def test_every_english_msgid_has_its_msgstr():
    catalogue = _catalogue("en")
    untranslated = [m.id for m in catalogue
                    if m.id and (not _translated(m) or m.fuzzy)]
    assert len(catalogue) > 500
    assert untranslated == []


def test_every_core_message_of_the_indonesian_catalogue_is_translated():
    catalogue = _catalogue("id")
    core = [m for m in catalogue if CORE in m.auto_comments]
    assert len(core) > 500
    assert [m.id for m in core if not _translated(m) or m.fuzzy] == []


def test_the_indonesian_catalogue_never_compiles_an_empty_form():
    """An untranslated plural entry is compiled as '' (the page shows
    nothing); CKAN's id catalogue has one plural form, and the last catalogue
    merged sets the plural rule of all."""
    catalogue = _catalogue("id")
    assert catalogue.num_plurals == 1
    plurals = [m for m in catalogue if isinstance(m.id, tuple)]
    assert plurals
    assert [m.id for m in plurals if not _translated(m)] == []


@pytest.mark.parametrize(("msgid", "indonesian"), [
    ("Log in", "Masuk"),
    ("The form contains invalid entries:", "Formulir berisi isian yang tidak sah:"),
    ("Datasets", "Dataset"),
    ("Dataset", "Dataset"),
])
def test_ours_override_core_as_ckan_merges_them(msgid, indonesian):
    """flask-babel merges the ITranslation catalogues after CKAN's, in the
    order CKAN gives them; an entry of ours replaces core's."""
    plugin = p.get_plugin("satudata")
    merged = Translations()
    for directory, domain in [(ckan_i18n.get_ckan_i18n_dir(), "ckan"),
                              (plugin.i18n_directory(), plugin.i18n_domain())]:
        catalogue = Translations.load(directory, ["id"], domain)
        assert isinstance(catalogue, Translations), directory  # not a fallback
        merged.merge(catalogue)
    assert merged.gettext(msgid) == indonesian


# text_view's message: the plugin is in none of the portal's set-ups.
NOT_ON_THE_PORTAL = {"An error occured during AJAX request. Could not load view."}


def test_ckan_s_javascript_catalogue_is_indonesian(ckan_config, monkeypatch, tmp_path):
    """``/api/i18n/id`` serves what ``build_js_translations`` writes (``ckan
    run`` and ``ckan translation js`` call it): every message CKAN's
    ``ckan.pot`` places in a JavaScript file, from CKAN's catalogue and then
    ours."""
    monkeypatch.setitem(ckan_config, "ckan.storage_path", str(tmp_path))
    ckan_i18n.build_js_translations()
    built = json.loads((tmp_path / "i18n" / "js" / "id.js").read_text())
    with open(os.path.join(ckan_i18n.get_ckan_i18n_dir(), "ckan.pot"), "rb") as f:
        pot = read_po(f)
    javascript = {m.id[0] if isinstance(m.id, tuple) else m.id for m in pot
                  if m.id and any(path.endswith(".js") for path, _ in m.locations)}
    assert len(javascript) > 40
    english = sorted(m for m in javascript - NOT_ON_THE_PORTAL
                     if not any(built.get(m, [None, ""])[1:]))
    assert english == []
    assert built["Start typing…"] == [None, "Mulai mengetik…"]
