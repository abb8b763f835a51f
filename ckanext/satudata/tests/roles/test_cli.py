"""``ckan satudata role ...`` through CKAN's own CLI entry point."""
from __future__ import annotations

import pytest
from ckan.cli.cli import ckan
from ckan.tests import factories

from ckanext.satudata import roles

from .conftest import capacity


def _run(cli, *args: str):
    return cli.invoke(ckan, ["satudata", "role", *args])


def test_assign_list_revoke_opd_role(cli, opd):
    user = factories.User()["name"]
    result = _run(cli, "assign", user, "produsen", "--organization", "dispendukcapil")
    assert result.exit_code == 0, result.output
    assert "kini memegang peran Produsen Data" in result.output
    assert roles.user_roles(user, opd.org_a["id"]) == {"produsen"}
    assert capacity(user, opd.org_a) == "editor"

    result = _run(cli, "list", "--organization", "dispendukcapil")
    assert result.exit_code == 0, result.output
    [line] = result.output.strip().splitlines()
    assert line.split("\t")[:3] == [user, "produsen", "dispendukcapil"]

    result = _run(cli, "revoke", user, "produsen", "--organization", "dispendukcapil")
    assert result.exit_code == 0, result.output
    assert "dicabut" in result.output
    assert roles.user_roles(user, opd.org_a["id"]) == frozenset()
    assert capacity(user, opd.org_a) is None


def test_regency_role(cli, opd):
    user = factories.User()["name"]
    assert _run(cli, "assign", user, "walidata").exit_code == 0
    assert roles.user_roles(user) == {"walidata"}
    result = _run(cli, "list", "--user", user)
    assert result.output.split("\t")[:3] == [user, "walidata", "-"]


def test_list_filters_and_empty(cli, opd):
    assert _run(cli, "list").output.strip() == "Tidak ada penetapan peran."
    a = opd.user("kepala_opd", opd.org_a)
    opd.user("kepala_opd", opd.org_b)
    opd.user("forum")
    output = _run(cli, "list", "--role", "kepala_opd",
                  "--organization", "dinkes").output
    assert len(output.strip().splitlines()) == 1
    assert a not in output
    assert len(_run(cli, "list").output.strip().splitlines()) == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["assign", "{u}", "produsen"], "organisasi wajib diisi"),
        (["assign", "{u}", "forum", "--organization", "dinkes"], "seluruh kabupaten"),
        (["assign", "nobody-here", "forum"], "tidak ditemukan"),
        (["assign", "{u}", "produsen", "--organization", "no-such"], "tidak ditemukan"),
        (["revoke", "{u}", "forum"], "tidak memegang peran"),
        (["list", "--organization", "no-such"], "Organisasi tidak ditemukan"),
    ],
)
def test_errors_exit_non_zero_with_a_message(cli, opd, args, message):
    user = factories.User()["name"]
    result = _run(cli, *[a.format(u=user) for a in args])
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_unknown_role_is_refused_by_click(cli, opd):
    result = _run(cli, "assign", factories.User()["name"], "bupati")
    assert result.exit_code == 2
    assert "bupati" in result.output
