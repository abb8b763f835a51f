from __future__ import annotations

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import helpers

from ckanext.satudata.model.daftar_data import DaftarData

from .conftest import act, row_data


def _row(people, org=None, **extra):
    return act("satudata_daftar_data_create", people.walidata,
               **row_data(org or people.org_a, **extra))


def _established(people, org=None, **extra):
    row = _row(people, org, **extra)
    return act("satudata_daftar_data_establish", people.forum, id=row["id"],
               no_sk="188.45/12/416-012/2025", tanggal_sk="2025-01-15")


class TestCreate:
    @pytest.mark.parametrize("role", ["walidata", "forum"])
    def test_walidata_and_forum_propose(self, people, role):
        row = act("satudata_daftar_data_create", getattr(people, role),
                  **row_data(people.org_a, kode="DD-3516-2025-010"))
        assert row["status"] == "usulan"
        assert row["kode"] == "DD-3516-2025-010"
        assert row["owner_org"] == people.org_a["id"]
        assert row["organization"]["name"] == "dispendukcapil"
        stored = DaftarData.get(row["id"])
        assert stored.nama_data == row["nama_data"]
        assert stored.jadwal_pemutakhiran == "semesteran"

    @pytest.mark.parametrize(
        "role", ["pembina", "produsen_a", "admin_a", "kepala_a", "plain"])
    def test_other_roles_are_refused(self, people, role):
        with pytest.raises(tk.NotAuthorized, match="Walidata dan Forum"):
            act("satudata_daftar_data_create", getattr(people, role),
                **row_data(people.org_a))
        assert DaftarData.for_year(2025) == []

    def test_anonymous_is_refused(self, people):
        with pytest.raises(tk.NotAuthorized):
            act("satudata_daftar_data_create", None, **row_data(people.org_a))

    def test_kode_is_generated_from_region_and_year(self, people):
        first = _row(people)
        second = _row(people, kode="DD-3516-2025-007")
        third = _row(people)
        assert first["kode"] == "DD-3516-2025-001"
        assert second["kode"] == "DD-3516-2025-007"
        assert third["kode"] == "DD-3516-2025-008"

    def test_organization_may_be_given_by_name(self, people):
        row = _row(people, owner_org="dinkes")
        assert row["owner_org"] == people.org_b["id"]

    def test_kode_is_unique_per_year_only(self, people):
        _row(people, kode="X-1")
        with pytest.raises(tk.ValidationError, match="sudah dipakai"):
            _row(people, kode="X-1")
        assert _row(people, kode="X-1", tahun=2026)["tahun"] == 2026

    def test_bad_values_name_the_allowed_ones(self, people):
        with pytest.raises(tk.ValidationError) as e:
            _row(people, jenis_data="survei", klasifikasi_akses="rahasia negara",
                 jadwal_pemutakhiran="kadang", ketersediaan="mungkin",
                 owner_org="tidak-ada", tahun="duaribu", link_portal_sdi="ftp://x",
                 tanggal_berita_acara="31/31/2025", nama_data="")
        errors = e.value.error_dict
        assert "statistik, geospasial, keuangan" in errors["jenis_data"][0]
        assert "terbuka, terbatas, tertutup" in errors["klasifikasi_akses"][0]
        assert "insidental" in errors["jadwal_pemutakhiran"][0]
        assert "tidak_tersedia" in errors["ketersediaan"][0]
        assert "tidak ditemukan" in errors["owner_org"][0]
        assert "Tahun" in errors["tahun"][0]
        assert "https://" in errors["link_portal_sdi"][0]
        assert "TTTT-BB-HH" in errors["tanggal_berita_acara"][0]
        assert "nama_data" in errors

    def test_labels_are_accepted_for_values(self, people):
        row = _row(people, jenis_data="Geospasial", klasifikasi_akses="Terbatas",
                   jadwal_pemutakhiran="Empat Bulanan",
                   ketersediaan="Tersedia Sebagian",
                   indikator_variabel="Indikator", data_prioritas="true",
                   tanggal_berita_acara="2025-02-01")
        assert row["jenis_data"] == "geospasial"
        assert row["klasifikasi_akses"] == "terbatas"
        assert row["jadwal_pemutakhiran"] == "empat_bulanan"
        assert row["ketersediaan"] == "sebagian"
        assert row["data_prioritas"] is True
        assert row["tanggal_berita_acara"] == "2025-02-01"

    def test_a_dataset_organization_that_is_a_group_is_refused(self, people):
        from ckan.tests import factories

        group = factories.Group()
        with pytest.raises(tk.ValidationError, match="tidak ditemukan"):
            _row(people, owner_org=group["id"])


class TestUpdate:
    def test_proposal_changes_every_field_given_and_keeps_the_rest(self, people):
        row = _row(people, definisi="lama")
        updated = act("satudata_daftar_data_update", people.forum, id=row["id"],
                      nama_data="Nama baru", owner_org="dinkes")
        assert updated["nama_data"] == "Nama baru"
        assert updated["owner_org"] == people.org_b["id"]
        assert updated["definisi"] == "lama"

    @pytest.mark.parametrize("role", ["pembina", "produsen_a", "plain"])
    def test_other_roles_are_refused(self, people, role):
        row = _row(people)
        with pytest.raises(tk.NotAuthorized):
            act("satudata_daftar_data_update", getattr(people, role),
                id=row["id"], nama_data="X")
        assert DaftarData.get(row["id"]).nama_data != "X"

    def test_anonymous_is_refused(self, people):
        row = _row(people)
        with pytest.raises(tk.NotAuthorized):
            act("satudata_daftar_data_update", None, id=row["id"], nama_data="X")

    def test_established_row_keeps_what_the_sk_decided(self, people):
        row = _established(people)
        with pytest.raises(tk.ValidationError) as e:
            act("satudata_daftar_data_update", people.walidata, id=row["id"],
                nama_data="Lain", klasifikasi_akses="tertutup", catatan="boleh")
        assert set(e.value.error_dict) == {"nama_data", "klasifikasi_akses"}
        assert "ditetapkan" in e.value.error_dict["nama_data"][0]
        assert DaftarData.get(row["id"]).catatan is None

    def test_established_row_takes_ba_links_template_and_notes(self, people):
        row = _established(people)
        template = act("satudata_template_create", people.walidata, name="tpl-1",
                       title="Template 1", table_schema={"fields": [
                           {"name": "kecamatan", "type": "string"}]})
        updated = act(
            "satudata_daftar_data_update", people.walidata, id=row["id"],
            # Unchanged values, as a full form sends them, are not changes.
            nama_data=row["nama_data"], jenis_data="statistik",
            ketersediaan="sebagian", no_berita_acara="BA/01/2025",
            tanggal_berita_acara="2025-03-01", template_id="tpl-1",
            link_portal_sdi="https://data.go.id/dataset/x", catatan="ok",
        )
        assert updated["status"] == "ditetapkan"
        assert updated["ketersediaan"] == "sebagian"
        assert updated["tanggal_berita_acara"] == "2025-03-01"
        # Given by name, stored by id; the link's time is kept for the
        # announcement's clock.
        assert updated["template_id"] == template["id"]
        assert updated["template_linked"] is not None

    def test_established_row_cannot_change_year(self, people):
        row = _established(people)
        with pytest.raises(tk.ValidationError, match="ditetapkan"):
            act("satudata_daftar_data_update", people.walidata, id=row["id"],
                tahun=2026)

    def test_revoked_row_is_closed(self, people):
        row = _established(people)
        act("satudata_daftar_data_revoke", people.forum, id=row["id"],
            alasan="Diganti")
        with pytest.raises(tk.ValidationError, match="dicabut"):
            act("satudata_daftar_data_update", people.walidata, id=row["id"],
                catatan="x")

    def test_kode_change_must_stay_unique(self, people):
        _row(people, kode="A")
        row = _row(people, kode="B")
        with pytest.raises(tk.ValidationError, match="sudah dipakai"):
            act("satudata_daftar_data_update", people.walidata, id=row["id"],
                kode="A")

    def test_missing_row_is_not_found(self, people):
        with pytest.raises(tk.ObjectNotFound):
            act("satudata_daftar_data_update", people.walidata, id="nope",
                catatan="x")


class TestShow:
    def test_established_row_is_public(self, people):
        row = _established(people)
        assert act("satudata_daftar_data_show", None, id=row["id"])["id"] == row["id"]
        assert act("satudata_daftar_data_show", people.produsen_b,
                   id=row["id"])["status"] == "ditetapkan"

    def test_by_kode_and_year(self, people):
        row = _established(people, kode="DD-X")
        found = act("satudata_daftar_data_show", None, kode="DD-X", tahun=2025)
        assert found["id"] == row["id"]

    @pytest.mark.parametrize(
        "role", ["walidata", "forum", "pembina", "produsen_a", "admin_a", "kepala_a"])
    def test_proposal_is_seen_by_regency_roles_and_its_opd(self, people, role):
        row = _row(people)
        assert act("satudata_daftar_data_show", getattr(people, role),
                   id=row["id"])["status"] == "usulan"

    @pytest.mark.parametrize("role", ["produsen_b", "plain", None])
    def test_proposal_is_hidden_from_others(self, people, role):
        row = _row(people)
        user = getattr(people, role) if role else None
        with pytest.raises(tk.NotAuthorized, match="belum ditetapkan"):
            act("satudata_daftar_data_show", user, id=row["id"])

    def test_revoked_row_is_hidden_from_the_public(self, people):
        row = _established(people)
        act("satudata_daftar_data_revoke", people.forum, id=row["id"], alasan="x")
        with pytest.raises(tk.NotAuthorized):
            act("satudata_daftar_data_show", None, id=row["id"])
        assert act("satudata_daftar_data_show", people.produsen_a,
                   id=row["id"])["alasan_pencabutan"] == "x"

    def test_missing_row_is_not_found(self, people):
        with pytest.raises(tk.ObjectNotFound):
            act("satudata_daftar_data_show", None, id="nope")

    def test_needs_an_id(self, people):
        with pytest.raises(tk.ValidationError):
            act("satudata_daftar_data_show", None)


class TestDelete:
    def test_proposal_is_deleted(self, people):
        row = _row(people)
        act("satudata_daftar_data_delete", people.forum, id=row["id"])
        assert DaftarData.get(row["id"]) is None

    @pytest.mark.parametrize("role", ["pembina", "produsen_a", "admin_a", "plain"])
    def test_other_roles_are_refused(self, people, role):
        row = _row(people)
        with pytest.raises(tk.NotAuthorized):
            act("satudata_daftar_data_delete", getattr(people, role), id=row["id"])
        assert DaftarData.get(row["id"]) is not None

    def test_anonymous_is_refused(self, people):
        row = _row(people)
        with pytest.raises(tk.NotAuthorized):
            act("satudata_daftar_data_delete", None, id=row["id"])

    def test_established_row_stays(self, people):
        row = _established(people)
        with pytest.raises(tk.ValidationError, match="usulan"):
            act("satudata_daftar_data_delete", people.walidata, id=row["id"])
        assert DaftarData.get(row["id"]) is not None


class TestEstablishAndRevoke:
    def test_forum_establishes_with_sk(self, people):
        row = _established(people)
        assert row["status"] == "ditetapkan"
        assert row["no_sk"] == "188.45/12/416-012/2025"
        assert row["tanggal_sk"] == "2025-01-15"

    @pytest.mark.parametrize(
        "role", ["walidata", "pembina", "produsen_a", "kepala_a", "plain"])
    def test_only_forum_establishes(self, people, role):
        row = _row(people)
        with pytest.raises(tk.NotAuthorized, match="Forum"):
            act("satudata_daftar_data_establish", getattr(people, role),
                id=row["id"], no_sk="1", tanggal_sk="2025-01-01")
        assert DaftarData.get(row["id"]).status == "usulan"

    def test_anonymous_cannot_establish(self, people):
        row = _row(people)
        with pytest.raises(tk.NotAuthorized):
            act("satudata_daftar_data_establish", None, id=row["id"],
                no_sk="1", tanggal_sk="2025-01-01")

    def test_sk_number_and_date_are_required(self, people):
        row = _row(people)
        with pytest.raises(tk.ValidationError) as e:
            act("satudata_daftar_data_establish", people.forum, id=row["id"],
                tanggal_sk="kemarin")
        assert set(e.value.error_dict) == {"no_sk", "tanggal_sk"}

    def test_establishing_twice_is_refused(self, people):
        row = _established(people)
        with pytest.raises(tk.ValidationError, match="usulan"):
            act("satudata_daftar_data_establish", people.forum, id=row["id"],
                no_sk="2", tanggal_sk="2025-02-01")
        assert DaftarData.get(row["id"]).no_sk == "188.45/12/416-012/2025"

    def test_forum_revokes_with_a_reason(self, people):
        row = _established(people)
        revoked = act("satudata_daftar_data_revoke", people.forum, id=row["id"],
                      alasan="SK perubahan 2025")
        assert revoked["status"] == "dicabut"
        assert revoked["alasan_pencabutan"] == "SK perubahan 2025"

    @pytest.mark.parametrize("role", ["walidata", "pembina", "produsen_a", "plain"])
    def test_only_forum_revokes(self, people, role):
        row = _established(people)
        with pytest.raises(tk.NotAuthorized):
            act("satudata_daftar_data_revoke", getattr(people, role),
                id=row["id"], alasan="x")
        assert DaftarData.get(row["id"]).status == "ditetapkan"

    def test_only_established_rows_are_revoked(self, people):
        row = _row(people)
        with pytest.raises(tk.ValidationError, match="ditetapkan"):
            act("satudata_daftar_data_revoke", people.forum, id=row["id"],
                alasan="x")
        with pytest.raises(tk.ValidationError):
            act("satudata_daftar_data_revoke", people.forum, id=row["id"])

    def test_bulk_establishes_the_proposals_of_a_year(self, people):
        a = _row(people)
        b = _row(people, people.org_b)
        other_year = _row(people, tahun=2026)
        done = _established(people)
        result = act("satudata_daftar_data_establish_bulk", people.forum,
                     tahun=2025, no_sk="SK-9", tanggal_sk="2025-01-20")
        assert result == {"count": 2}
        for row in (a, b):
            stored = DaftarData.get(row["id"])
            assert (stored.status, stored.no_sk) == ("ditetapkan", "SK-9")
        assert DaftarData.get(other_year["id"]).status == "usulan"
        assert DaftarData.get(done["id"]).no_sk == "188.45/12/416-012/2025"

    def test_bulk_for_one_opd(self, people):
        a = _row(people)
        b = _row(people, people.org_b)
        result = act("satudata_daftar_data_establish_bulk", people.forum,
                     tahun=2025, no_sk="SK-9", tanggal_sk="2025-01-20",
                     organization="dinkes")
        assert result == {"count": 1}
        assert DaftarData.get(a["id"]).status == "usulan"
        assert DaftarData.get(b["id"]).status == "ditetapkan"

    @pytest.mark.parametrize("role", ["walidata", "pembina", "produsen_a", None])
    def test_bulk_is_forum_only(self, people, role):
        row = _row(people)
        with pytest.raises(tk.NotAuthorized):
            act("satudata_daftar_data_establish_bulk",
                getattr(people, role) if role else None,
                tahun=2025, no_sk="SK", tanggal_sk="2025-01-01")
        assert DaftarData.get(row["id"]).status == "usulan"


class TestList:
    @pytest.fixture
    def rows(self, people):
        a1 = _established(people, kode="A1", nama_data="Jumlah penduduk",
                          data_prioritas=True)
        a2 = _row(people, kode="A2", nama_data="Angka kelahiran",
                  jenis_data="statistik", klasifikasi_akses="terbatas")
        b1 = _established(people, people.org_b, kode="B1",
                          nama_data="Peta puskesmas", jenis_data="geospasial")
        b2 = _row(people, people.org_b, kode="B2", nama_data="Anggaran kesehatan",
                  jenis_data="keuangan", tahun=2026)
        return {"A1": a1, "A2": a2, "B1": b1, "B2": b2}

    @staticmethod
    def _kodes(result):
        return sorted(r["kode"] for r in result["results"])

    def test_anonymous_and_users_without_role_see_established_rows(self, people, rows):
        for user in (None, people.plain):
            result = act("satudata_daftar_data_list", user)
            assert self._kodes(result) == ["A1", "B1"]
            assert result["count"] == 2
            assert result["counts"]["status"] == {"ditetapkan": 2}

    def test_opd_role_also_sees_its_own_proposals(self, people, rows):
        assert self._kodes(act("satudata_daftar_data_list", people.produsen_a)) == [
            "A1", "A2", "B1"]
        assert self._kodes(act("satudata_daftar_data_list", people.produsen_b)) == [
            "A1", "B1", "B2"]

    @pytest.mark.parametrize("role", ["walidata", "forum", "pembina"])
    def test_regency_roles_see_everything(self, people, rows, role):
        result = act("satudata_daftar_data_list", getattr(people, role))
        assert self._kodes(result) == ["A1", "A2", "B1", "B2"]
        assert result["counts"]["status"] == {"ditetapkan": 2, "usulan": 2}
        per_org = {o["name"]: o["count"] for o in result["counts"]["organization"]}
        assert per_org == {"dispendukcapil": 2, "dinkes": 2}

    @pytest.mark.parametrize("filters, expected", [
        ({"tahun": 2026}, ["B2"]),
        ({"organization": "dinkes"}, ["B1", "B2"]),
        ({"status": "usulan"}, ["A2", "B2"]),
        ({"jenis_data": "geospasial"}, ["B1"]),
        ({"klasifikasi_akses": "terbatas"}, ["A2"]),
        ({"data_prioritas": "true"}, ["A1"]),
        ({"data_prioritas": False}, ["A2", "B1", "B2"]),
        ({"q": "PENDUDUK"}, ["A1"]),
        ({"q": "b1"}, ["B1"]),
        ({"q": "100%_"}, []),
        ({"tahun": 2025, "organization": "dispendukcapil", "status": "ditetapkan"},
         ["A1"]),
    ])
    def test_filters(self, people, rows, filters, expected):
        result = act("satudata_daftar_data_list", people.walidata, **filters)
        assert self._kodes(result) == expected
        assert result["count"] == len(expected)

    def test_counts_leave_out_their_own_filter(self, people, rows):
        result = act("satudata_daftar_data_list", people.walidata,
                     status="usulan", organization="dinkes")
        assert self._kodes(result) == ["B2"]
        # Per status: every status of dinkes; per OPD: the usulan of each OPD.
        assert result["counts"]["status"] == {"usulan": 1, "ditetapkan": 1}
        per_org = {o["name"]: o["count"] for o in result["counts"]["organization"]}
        assert per_org == {"dispendukcapil": 1, "dinkes": 1}

    def test_pagination(self, people, rows):
        first = act("satudata_daftar_data_list", people.walidata, limit=3)
        second = act("satudata_daftar_data_list", people.walidata, limit=3, page=2)
        by_offset = act("satudata_daftar_data_list", people.walidata, limit=3,
                        offset=3)
        assert first["count"] == second["count"] == 4
        assert len(first["results"]) == 3
        assert second["results"] == by_offset["results"]
        assert len(second["results"]) == 1
        assert second["page"] == 2
        all_kodes = self._kodes(first) + self._kodes(second)
        assert sorted(all_kodes) == ["A1", "A2", "B1", "B2"]

    def test_limit_is_capped(self, people, rows):
        assert act("satudata_daftar_data_list", None, limit=100000)["limit"] == 1000

    def test_bad_filters_are_validation_errors(self, people):
        with pytest.raises(tk.ValidationError) as e:
            act("satudata_daftar_data_list", None, status="lain", limit="x",
                organization="tidak-ada")
        assert set(e.value.error_dict) == {"status", "limit", "organization"}

    def test_opd_filter_cannot_reveal_other_proposals(self, people, rows):
        result = act("satudata_daftar_data_list", people.produsen_a,
                     organization="dinkes", status="usulan")
        assert result["results"] == []
        assert result["counts"]["status"] == {"ditetapkan": 1}


class TestImportAction:
    def test_creates_updates_and_reports_row_errors(self, people):
        existing = _row(people, kode="K1", satuan="jiwa")
        rows = [
            {"kode": "K1", "nama_data": existing["nama_data"],
             "owner_org": people.org_a["id"], "jenis_data": "statistik",
             "klasifikasi_akses": "terbuka", "satuan": "orang"},
            {"kode": "K2", "nama_data": "Baru", "owner_org": people.org_b["id"],
             "jenis_data": "statistik", "klasifikasi_akses": "terbuka"},
            {"kode": "K3", "nama_data": "Salah", "owner_org": people.org_b["id"],
             "jenis_data": "survei", "klasifikasi_akses": "terbuka"},
            {"kode": "K2", "nama_data": "Dobel", "owner_org": people.org_b["id"],
             "jenis_data": "statistik", "klasifikasi_akses": "terbuka"},
        ]
        dry = act("satudata_daftar_data_import", people.walidata, tahun=2025,
                  rows=rows, dry_run=True)
        assert (dry["created"], dry["updated"], dry["unchanged"]) == (1, 1, 0)
        assert [e["index"] for e in dry["errors"]] == [2, 3]
        assert "jenis_data" in dry["errors"][0]["errors"]
        assert DaftarData.by_kode("K2", 2025) is None
        assert DaftarData.get(existing["id"]).satuan == "jiwa"

        done = act("satudata_daftar_data_import", people.walidata, tahun=2025,
                   rows=rows)
        assert (done["created"], done["updated"]) == (1, 1)
        assert DaftarData.get(existing["id"]).satuan == "orang"
        assert DaftarData.by_kode("K2", 2025).nama_data == "Baru"
        assert DaftarData.by_kode("K3", 2025) is None

        again = act("satudata_daftar_data_import", people.walidata, tahun=2025,
                    rows=rows[:2])
        assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)

    def test_established_rows_only_take_the_free_fields(self, people):
        row = _established(people, kode="K1")
        base = {"kode": "K1", "nama_data": row["nama_data"],
                "owner_org": people.org_a["id"], "jenis_data": "statistik",
                "klasifikasi_akses": "terbuka"}
        result = act("satudata_daftar_data_import", people.walidata, tahun=2025,
                     rows=[dict(base, klasifikasi_akses="tertutup")])
        assert result["errors"][0]["errors"]["klasifikasi_akses"]
        result = act("satudata_daftar_data_import", people.walidata, tahun=2025,
                     rows=[dict(base, ketersediaan="tersedia")])
        assert result["updated"] == 1
        stored = DaftarData.get(row["id"])
        assert (stored.klasifikasi_akses, stored.ketersediaan) == (
            "terbuka", "tersedia")

    @pytest.mark.parametrize("role", ["pembina", "produsen_a", "plain", None])
    def test_import_is_for_walidata_and_forum(self, people, role):
        with pytest.raises(tk.NotAuthorized):
            act("satudata_daftar_data_import",
                getattr(people, role) if role else None, tahun=2025, rows=[])

    def test_rows_must_be_a_list_of_objects(self, people):
        with pytest.raises(tk.ValidationError):
            act("satudata_daftar_data_import", people.walidata, tahun=2025,
                rows="x")


def test_actions_reach_the_api(app, clean_db):
    """The API maps refusals to 403 and bad input to 409, never a 500."""
    response = app.post(
        "/api/3/action/satudata_daftar_data_create",
        json={"tahun": 2025, "nama_data": "X"},
    )
    assert response.status_code == 403
    assert "Walidata dan Forum" in response.json["error"]["message"]
    response = app.get("/api/3/action/satudata_daftar_data_list?status=salah")
    assert response.status_code == 409
    response = app.get("/api/3/action/satudata_daftar_data_show?id=nope")
    assert response.status_code == 404
    assert helpers.call_action("satudata_daftar_data_list")["count"] == 0
