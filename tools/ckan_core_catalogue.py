"""The Bahasa Indonesia catalogue's template: the extension's messages plus
the CKAN core messages of the portal's pages that CKAN's own ``id``
catalogue leaves untranslated, or that ours translates better.

CKAN merges every ITranslation catalogue into the ``ckan`` domain after its
own, so an entry of ours replaces core's (see the README, "Satu bahasa").
scripts/i18n.sh runs this between extraction and
``pybabel update``::

    python tools/ckan_core_catalogue.py template EXT_POT ID_PO OUT_POT \
        CORE_POT=CKAN_I18N_DIR...
    python tools/ckan_core_catalogue.py source-forms ID_PO CKAN_I18N_DIR...

Core entries carry the extracted comment ``CKAN core`` so that the tests can
tell them from the extension's own.
"""
from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po
from babel.support import Translations

CORE_COMMENT = "CKAN core"
WIDTH = 79
# Core messages that CKAN translates through a variable, out of the
# extractor's sight: the user states of user/snippets/info.html.
DYNAMIC = ("active", "pending", "deleted")


def _read(path: str | Path, locale: str | None = None) -> Catalog:
    with open(path, "rb") as f:
        return read_po(f, locale=locale)


def _write(catalog: Catalog, path: str | Path) -> None:
    with open(path, "wb") as f:
        write_po(f, catalog, width=WIDTH, sort_output=True, omit_header=False)


def _translated(string: str | tuple[str, ...] | None) -> bool:
    if isinstance(string, tuple):
        return all(string)
    return bool(string)


def _core_needs_us(message: Message, core: Translations, ours: Catalog) -> bool:
    own = ours.get(message.id)
    if own is not None and _translated(own.string):
        return True  # a translation of ours, kept: core's is missing or odd
    key = message.id[0] if isinstance(message.id, tuple) else message.id
    lookup = (key, 0) if isinstance(message.id, tuple) else key
    # CKAN's compiled catalogue holds some untranslated entries as their
    # English msgid
    return core._catalog.get(lookup) in (None, key)


def template(ext_pot: str, id_po: str, out_pot: str, sources: list[str]) -> None:
    """SOURCES: one CORE_POT=CKAN_I18N_DIR per installed CKAN version, so
    that a message missing from either version's catalogue is ours."""
    catalog = _read(ext_pot)
    ours = _read(id_po, locale="id") if Path(id_po).exists() else Catalog()
    for source in sources:
        core_pot, i18n_dir = source.split("=", 1)
        core = Translations.load(i18n_dir, ["id"], "ckan")
        extracted = list(_read(core_pot))
        for message in extracted + [Message(msgid) for msgid in DYNAMIC]:
            if not message.id or message.id in catalog:
                continue
            if _core_needs_us(message, core, ours):
                catalog.add(
                    message.id,
                    auto_comments=[CORE_COMMENT],
                    flags=message.flags,
                )
    _write(catalog, out_pot)


def source_forms(id_po: str, i18n_dirs: list[str]) -> None:
    """Indonesian is the extension's source language, so its messages stay
    untranslated in the ``id`` catalogue, except where that would show
    something else: an untranslated plural entry is compiled as an empty
    string, and a message that is also a core msgid (``Dataset``) would show
    core's translation (``Kumpulan data``). Those get their source form."""
    cores = [Translations.load(d, ["id"], "ckan") for d in i18n_dirs]
    catalog = _read(id_po, locale="id")
    for message in catalog:
        if not message.id or CORE_COMMENT in message.auto_comments:
            continue
        if isinstance(message.id, tuple):
            if not any(message.string):
                message.string = tuple(
                    message.id[min(i, 1)] for i in range(catalog.num_plurals)
                )
        elif not message.string and any(message.id in c._catalog for c in cores):
            message.string = message.id
    _write(catalog, id_po)


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "template":
        template(args[0], args[1], args[2], args[3:])
    elif command == "source-forms":
        source_forms(args[0], args[1:])
    else:
        sys.exit(f"unknown command {command!r}")
