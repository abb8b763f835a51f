from __future__ import annotations

from pathlib import Path

from ckan.cli.cli import ckan

REPO = Path(__file__).resolve().parents[3]


def test_configuration_reference_matches_the_declarations(cli):
    """docs/configuration.md is generated; regenerate it with `make docs`."""
    result = cli.invoke(ckan, ["config", "docs", "-f", "md", "satudata"])
    assert result.exit_code == 0, result.output
    # CKAN's log lines share the captured output; the reference starts at its heading.
    generated = result.output[result.output.index("### ckanext-satudata") :].strip()
    assert "ckanext.satudata.kode_wilayah" in generated
    documented = (REPO / "docs" / "configuration.md").read_text()
    assert generated in documented, "docs/configuration.md is stale: run `make docs`"
