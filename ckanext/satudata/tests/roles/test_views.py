"""The role pages, through the Flask test client."""
from __future__ import annotations

import pytest
from ckan.tests import factories

from ckanext.satudata import roles

from .conftest import act, capacity, make_member

REGENCY = "/satudata/peran"


def _as(user: str | None) -> dict[str, str]:
    if user is None:
        return {}
    return {"Authorization": factories.APIToken(user=user)["token"]}


def _page(org) -> str:
    return f"/organization/{org['name']}/peran"


def _assert_redirected(response, path: str) -> None:
    """A POST answered by a redirect (followed by the client) to ``path``."""
    assert [r.status_code for r in response.history] == [302]
    assert response.request.path == path
    assert response.status_code == 200


class TestRegencyPage:
    @pytest.mark.parametrize("actor", ["sysadmin", "walidata"])
    def test_lists_every_assignment(self, app, opd, actor):
        viewer = opd.sysadmin if actor == "sysadmin" else opd.user("walidata")
        holder = factories.User(fullname="Bambang Sutejo")["name"]
        opd.user("pembina")
        opd.user("kepala_opd", opd.org_b)
        page = app.get(REGENCY, headers=_as(viewer), status=200).get_data(
            as_text=True
        )
        assert "Peran Satu Data" in page
        for label in ("Pembina Data", "Kepala OPD", "Dinas Kesehatan"):
            assert label in page
        assert holder not in page
        # Two revoke forms and the assign form, each with its CSRF token.
        assert page.count('name="_csrf_token"') >= 3

    def test_filters(self, app, opd):
        opd.user("kepala_opd", opd.org_a)
        opd.user("kepala_opd", opd.org_b)
        page = app.get(
            REGENCY,
            query_string={"organization": "dinkes"},
            headers=_as(opd.sysadmin),
            status=200,
        ).get_data(as_text=True)
        assert "1 penetapan peran" in page
        assert (
            'href="/organization/dinkes/peran"' in page
            and 'href="/organization/dispendukcapil/peran"' not in page
        )

    def test_unknown_filter_is_reported(self, app, opd):
        opd.user("forum")
        page = app.get(
            REGENCY,
            query_string={"organization": "no-such-opd"},
            headers=_as(opd.sysadmin),
            status=200,
        ).get_data(as_text=True)
        assert "Organisasi tidak ditemukan" in page
        assert "Belum ada penetapan peran" in page

    @pytest.mark.parametrize("actor", [None, "plain", "forum", "pembina", "admin_a"])
    def test_others_are_refused(self, app, opd, actor):
        user = {
            None: None,
            "plain": factories.User()["name"],
            "forum": opd.user("forum"),
            "pembina": opd.user("pembina"),
            "admin_a": opd.user("admin_opd", opd.org_a),
        }[actor]
        response = app.get(REGENCY, headers=_as(user))
        assert response.status_code == 403
        assert "hanya untuk Walidata dan sysadmin" in response.get_data(as_text=True)
        target = factories.User()["name"]
        response = app.post(
            REGENCY, data={"user": target, "role": "walidata"}, headers=_as(user)
        )
        assert response.status_code == 403
        assert roles.user_roles(target) == frozenset()

    def test_assign_and_revoke_through_the_forms(self, app, opd):
        walidata = opd.user("walidata")
        target = factories.User()["name"]
        response = app.post(
            REGENCY,
            data={"user": target, "role": "kepala_opd", "organization": "dinkes"},
            headers=_as(walidata),
        )
        _assert_redirected(response, REGENCY)
        assert "Peran Kepala OPD diberikan kepada" in response.get_data(as_text=True)
        assert roles.user_roles(target, opd.org_b["id"]) == {"kepala_opd"}
        assert capacity(target, opd.org_b) == "member"

        page = app.post(
            f"{REGENCY}/cabut",
            data={
                "user": target,
                "role": "kepala_opd",
                "organization": opd.org_b["id"],
            },
            headers=_as(walidata),
        ).get_data(as_text=True)
        assert "Peran Kepala OPD dicabut dari" in page
        assert roles.user_roles(target, opd.org_b["id"]) == frozenset()
        assert capacity(target, opd.org_b) is None

    def test_invalid_form_is_reported_not_crashed(self, app, opd):
        target = factories.User()["name"]
        response = app.post(
            REGENCY,
            data={"user": target, "role": "produsen"},
            headers=_as(opd.sysadmin),
        )
        assert response.status_code == 200
        assert "organisasi wajib diisi" in response.get_data(as_text=True)
        assert roles.user_roles(target, opd.org_a["id"]) == frozenset()

        response = app.post(
            f"{REGENCY}/cabut",
            data={"user": target, "role": "forum"},
            headers=_as(opd.sysadmin),
        )
        assert response.status_code == 200
        assert "tidak memegang peran" in response.get_data(as_text=True)

    def test_user_input_is_escaped(self, app, opd):
        response = app.post(
            REGENCY,
            data={"user": "<script>alert(1)</script>", "role": "forum"},
            headers=_as(opd.sysadmin),
        )
        page = response.get_data(as_text=True)
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;" in page


class TestOrganizationPage:
    def test_shows_explicit_and_implicit_holders(self, app, opd):
        kepala = factories.User(fullname="Kepala Dinas")["name"]
        opd.user("walidata")
        page_user = factories.User(fullname="Editor Lama")["name"]
        make_member(page_user, opd.org_a, "editor")
        act(
            "satudata_role_assign", opd.sysadmin,
            user=kepala, role="kepala_opd", organization=opd.org_a["id"],
        )
        page = app.get(_page(opd.org_a), headers=_as(opd.sysadmin), status=200)
        html = page.get_data(as_text=True)
        assert "Kepala Dinas" in html and "Kepala OPD" in html
        assert "Editor Lama" in html
        assert "otomatis dari keanggotaan CKAN" in html
        assert html.count("satudata-role-implicit") == 2  # the editor, the creator
        # Regency-wide holders are not OPD role holders.
        assert "Walidata</strong>" not in html
        # The sysadmin may assign every OPD role here.
        for role in roles.OPD_ROLES:
            assert f'<option value="{role}">' in html

    @pytest.mark.ckan_config("ckanext.satudata.implicit_roles", "false")
    def test_without_implicit_roles_members_are_not_holders(self, app, opd):
        editor = factories.User(fullname="Editor Lama")["name"]
        make_member(editor, opd.org_a, "editor")
        html = app.get(_page(opd.org_a), headers=_as(opd.sysadmin)).get_data(
            as_text=True
        )
        assert "Editor Lama" not in html
        assert "satudata-role-implicit" not in html

    def test_tab_on_organization_pages(self, app, opd):
        produsen = opd.user("produsen", opd.org_a)
        html = app.get(
            f"/organization/{opd.org_a['name']}", headers=_as(produsen)
        ).get_data(as_text=True)
        assert _page(opd.org_a) in html
        html = app.get(
            f"/organization/{opd.org_b['name']}", headers=_as(produsen)
        ).get_data(as_text=True)
        assert _page(opd.org_b) not in html
        html = app.get(f"/organization/{opd.org_a['name']}").get_data(as_text=True)
        assert _page(opd.org_a) not in html

    @pytest.mark.parametrize("actor", ["produsen_a", "kepala_a", "pembina"])
    def test_readers_see_but_cannot_manage(self, app, opd, actor):
        user = {
            "produsen_a": lambda: opd.user("produsen", opd.org_a),
            "kepala_a": lambda: opd.user("kepala_opd", opd.org_a),
            "pembina": lambda: opd.user("pembina"),
        }[actor]()
        other = opd.user("produsen", opd.org_a)
        html = app.get(_page(opd.org_a), headers=_as(user), status=200).get_data(
            as_text=True
        )
        assert "Produsen Data" in html
        assert "Berikan peran" not in html
        assert "Cabut" not in html
        response = app.post(
            f"{_page(opd.org_a)}/cabut",
            data={"user": other, "role": "produsen"},
            headers=_as(user),
        )
        assert response.status_code == 403
        assert roles.user_roles(other, opd.org_a["id"]) == {"produsen"}

    @pytest.mark.parametrize("actor", [None, "plain", "produsen_b"])
    def test_outsiders_are_refused(self, app, opd, actor):
        user = {
            None: None,
            "plain": factories.User()["name"],
            "produsen_b": opd.user("produsen", opd.org_b),
        }[actor]
        response = app.get(_page(opd.org_a), headers=_as(user))
        assert response.status_code == 403
        assert "Hanya pemegang peran Satu Data" in response.get_data(as_text=True)

    def test_unknown_organization_is_404(self, app, opd):
        response = app.get("/organization/no-such-opd/peran", headers=_as(opd.sysadmin))
        assert response.status_code == 404

    def test_admin_opd_manages_produsen_through_the_forms(self, app, opd):
        admin = opd.user("admin_opd", opd.org_a)
        target = factories.User()["name"]
        html = app.get(_page(opd.org_a), headers=_as(admin)).get_data(as_text=True)
        assert "Berikan peran" in html
        assert '<option value="produsen">' in html
        assert '<option value="kepala_opd">' not in html

        response = app.post(
            _page(opd.org_a),
            data={"user": target, "role": "produsen"},
            headers=_as(admin),
        )
        _assert_redirected(response, _page(opd.org_a))
        html = response.get_data(as_text=True)
        assert "Peran Produsen Data diberikan kepada" in html
        assert "Cabut" in html
        assert roles.user_roles(target, opd.org_a["id"]) == {"produsen"}
        assert capacity(target, opd.org_a) == "editor"

        html = app.post(
            f"{_page(opd.org_a)}/cabut",
            data={"user": target, "role": "produsen"},
            headers=_as(admin),
        ).get_data(as_text=True)
        assert "Peran Produsen Data dicabut dari" in html
        assert roles.user_roles(target, opd.org_a["id"]) == frozenset()
        assert capacity(target, opd.org_a) is None

    def test_admin_opd_cannot_assign_other_roles_or_in_other_opd(self, app, opd):
        admin = opd.user("admin_opd", opd.org_a)
        target = factories.User()["name"]
        response = app.post(
            _page(opd.org_a),
            data={"user": target, "role": "kepala_opd"},
            headers=_as(admin),
        )
        assert response.status_code == 403
        assert "hanya dapat memberikan peran Produsen Data" in response.get_data(
            as_text=True
        )
        response = app.post(
            _page(opd.org_b),
            data={"user": target, "role": "produsen"},
            headers=_as(admin),
        )
        assert response.status_code == 403
        assert roles.user_roles(target, opd.org_a["id"]) == frozenset()
        assert roles.user_roles(target, opd.org_b["id"]) == frozenset()

    def test_organization_field_in_the_form_is_ignored(self, app, opd):
        """The page's organization wins over a smuggled form field."""
        admin = opd.user("admin_opd", opd.org_a)
        target = factories.User()["name"]
        app.post(
            _page(opd.org_a),
            data={"user": target, "role": "produsen", "organization": "dinkes"},
            headers=_as(admin),
        )
        assert roles.user_roles(target, opd.org_a["id"]) == {"produsen"}
        assert roles.user_roles(target, opd.org_b["id"]) == frozenset()


class TestApi:
    def test_list_over_get(self, app, opd):
        opd.user("forum")
        response = app.get(
            "/api/3/action/satudata_role_list", headers=_as(opd.sysadmin), status=200
        )
        [item] = response.json["result"]
        assert item["role_label"] == "Forum Satu Data"

    def test_anonymous_gets_403_in_indonesian(self, app, opd):
        response = app.get("/api/3/action/satudata_role_list")
        assert response.status_code == 403
        assert "Anda harus masuk" in response.json["error"]["message"]

    def test_assign_over_post(self, app, opd):
        target = factories.User()["name"]
        response = app.post(
            "/api/3/action/satudata_role_assign",
            json={"user": target, "role": "produsen", "organization": "dinkes"},
            headers=_as(opd.sysadmin),
            status=200,
        )
        assert response.json["result"]["added_capacity"] == "editor"
        response = app.post(
            "/api/3/action/satudata_role_assign",
            json={"user": target, "role": "bupati"},
            headers=_as(opd.sysadmin),
        )
        assert response.status_code == 409
        assert "Peran tidak dikenal" in str(response.json["error"])
