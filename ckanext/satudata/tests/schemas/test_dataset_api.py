"""The dataset schema through the Action API: valid and invalid SDI metadata."""

from __future__ import annotations

import datetime

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories, helpers

from .factories import daftar_data_row, sdi_metadata


def act(action: str, **data):
    """Call an action as a sysadmin: authorization is not under test here."""
    sysadmin = factories.Sysadmin()
    return helpers.call_action(action, context={"user": sysadmin["name"]}, **data)


def create(opd, **metadata):
    return act(
        "package_create",
        name="jumlah-penduduk-2024",
        title="Jumlah Penduduk menurut Kecamatan dan Jenis Kelamin",
        owner_org=opd["id"],
        **metadata,
    )


def refused(opd, **metadata) -> dict:
    with pytest.raises(tk.ValidationError) as e:
        create(opd, **metadata)
    return e.value.error_dict


class TestCreate:
    def test_stores_the_metadata_and_fills_the_defaults(self, opd, row):
        dataset = create(opd, **sdi_metadata(row.id))
        shown = helpers.call_action("package_show", id=dataset["id"])
        assert shown["daftar_data_id"] == row.id
        assert shown["jenis_data"] == "statistik"
        assert shown["tahun_awal"] == shown["tahun_akhir"] == 2024
        assert shown["kode_wilayah"] == "35.16"
        assert shown["cakupan_wilayah"] == "Kabupaten Mojokerto"
        assert shown["license_id"] == "cc-by"

    def test_accepts_vocabulary_labels_and_stores_the_values(self, opd, row):
        dataset = create(
            opd,
            **sdi_metadata(
                row.id,
                frekuensi="Tahunan",
                klasifikasi_akses="TERBUKA",
                tingkat_penyajian="Desa/Kelurahan",
            ),
        )
        assert dataset["frekuensi"] == "tahunan"
        assert dataset["klasifikasi_akses"] == "terbuka"
        assert dataset["tingkat_penyajian"] == "desa"

    def test_accepts_a_desa_code_of_the_regency(self, opd, row):
        dataset = create(
            opd,
            **sdi_metadata(
                row.id,
                kode_wilayah="35.16.08.2001",
                cakupan_wilayah="Desa Sumbertanggul",
            ),
        )
        assert dataset["kode_wilayah"] == "35.16.08.2001"
        assert dataset["cakupan_wilayah"] == "Desa Sumbertanggul"

    def test_accepts_a_range_of_years_around_the_row(self, opd):
        row = daftar_data_row(opd["id"], tahun=2022)
        dataset = create(opd, **sdi_metadata(row.id, tahun_awal=2020, tahun_akhir=2024))
        assert (dataset["tahun_awal"], dataset["tahun_akhir"]) == (2020, 2024)

    def test_accepts_the_opd_by_name(self, opd, row):
        dataset = act(
            "package_create",
            name="by-name",
            title="Data",
            owner_org=opd["name"],
            **sdi_metadata(row.id),
        )
        assert dataset["owner_org"] == opd["id"]

    def test_geospasial_needs_no_konsep_nor_definisi(self, opd, row):
        dataset = create(
            opd,
            **sdi_metadata(row.id, jenis_data="geospasial", konsep="", definisi=None),
        )
        assert dataset["jenis_data"] == "geospasial"
        assert "konsep" not in dataset or not dataset["konsep"]

    def test_normalises_the_kode_standar_data(self, opd, row):
        dataset = create(opd, **sdi_metadata(row.id, kode_standar_data="sp00055.00.00"))
        assert dataset["kode_standar_data"] == "SP00055.00.00"


class TestCreateRefused:
    def test_every_required_field_missing(self, opd):
        errors = refused(opd, notes="")
        assert errors["notes"] == ["Wajib diisi."]
        assert errors["daftar_data_id"] == [
            "Pilih baris Daftar Data yang ditetapkan untuk dataset ini."
        ]
        for field in (
            "jenis_data",
            "ukuran",
            "satuan",
            "tingkat_penyajian",
            "frekuensi",
            "tahun_awal",
            "klasifikasi_akses",
            "sumber_data",
            "penanggung_jawab",
        ):
            assert errors[field] == ["Wajib diisi."], field
        # Defaults, not errors: the portal's region, CC-BY, a single year.
        for field in ("kode_wilayah", "cakupan_wilayah", "license_id", "tahun_akhir"):
            assert field not in errors

    def test_statistik_requires_konsep_and_definisi(self, opd, row):
        errors = refused(opd, **sdi_metadata(row.id, konsep="  ", definisi=""))
        assert errors == {
            "konsep": ["Wajib diisi untuk data statistik."],
            "definisi": ["Wajib diisi untuk data statistik."],
        }

    def test_unknown_vocabulary_value(self, opd, row):
        errors = refused(opd, **sdi_metadata(row.id, frekuensi="kadang-kadang"))
        assert errors == {
            "frekuensi": [
                'Pilihan "kadang-kadang" tidak dikenal. Pilihan yang sah: harian, '
                "mingguan, bulanan, triwulanan, empat_bulanan, semesteran, "
                "tahunan, dua_tahunan, insidental."
            ]
        }

    def test_region_code_outside_the_regency(self, opd, row):
        errors = refused(opd, **sdi_metadata(row.id, kode_wilayah="35.03.11"))
        assert errors == {
            "kode_wilayah": [
                'Kode wilayah "35.03.11" berada di luar wilayah portal ini '
                "(Kabupaten Mojokerto, 35.16)."
            ]
        }

    def test_region_code_in_bps_form(self, opd, row):
        errors = refused(opd, **sdi_metadata(row.id, kode_wilayah="3516080"))
        assert "tidak sesuai format Kemendagri" in errors["kode_wilayah"][0]

    def test_year_typo(self, opd, row):
        errors = refused(opd, **sdi_metadata(row.id, tahun_awal=2204))
        last = datetime.date.today().year + 5
        assert errors["tahun_awal"] == [f"Tahun 2204 di luar rentang 1945–{last}."]

    def test_year_not_a_number(self, opd, row):
        errors = refused(opd, **sdi_metadata(row.id, tahun_akhir="dua ribu"))
        assert errors == {"tahun_akhir": ['Tahun "dua ribu" bukan bilangan bulat.']}

    def test_last_year_before_first(self, opd, row):
        errors = refused(opd, **sdi_metadata(row.id, tahun_awal=2024, tahun_akhir=2020))
        assert errors["tahun_akhir"] == [
            "Tahun akhir (2020) tidak boleh sebelum tahun awal (2024)."
        ]

    def test_malformed_kode_standar_data(self, opd, row):
        errors = refused(opd, **sdi_metadata(row.id, kode_standar_data="SP55"))
        assert errors == {
            "kode_standar_data": [
                'Kode Standar Data "SP55" tidak sesuai format Kode SDSN '
                "(contoh: SP00055.00.00)."
            ]
        }

    def test_metadata_link_without_scheme(self, opd, row):
        errors = refused(
            opd, **sdi_metadata(row.id, tautan_metadata="sirusa.bps.go.id")
        )
        assert errors == {
            "tautan_metadata": [
                'Alamat web "sirusa.bps.go.id" tidak valid; tulis lengkap dengan '
                "http:// atau https://."
            ]
        }

    def test_nothing_is_stored(self, opd, row):
        refused(opd, **sdi_metadata(row.id, frekuensi="x"))
        assert helpers.call_action("package_list") == []


class TestDaftarDataLink:
    def test_unknown_row(self, opd):
        errors = refused(opd, **sdi_metadata("tidak-ada"))
        assert errors == {
            "daftar_data_id": ['Baris Daftar Data "tidak-ada" tidak ditemukan.']
        }

    @pytest.mark.parametrize(
        "status,label", [("usulan", "Usulan"), ("dicabut", "Dicabut")]
    )
    def test_row_not_established(self, opd, status, label):
        row = daftar_data_row(opd["id"], kode="DD.9", status=status)
        errors = refused(opd, **sdi_metadata(row.id))
        assert errors == {
            "daftar_data_id": [
                f"Baris Daftar Data DD.9 (2024) berstatus {label}; hanya baris "
                "yang sudah ditetapkan yang dapat dihubungkan."
            ]
        }

    def test_row_of_another_opd(self, opd, other_opd):
        row = daftar_data_row(other_opd["id"], kode="DD.7")
        errors = refused(opd, **sdi_metadata(row.id))
        assert errors == {
            "daftar_data_id": [
                "Baris Daftar Data DD.7 (2024) milik OPD lain; pilih baris milik "
                "Dinas Kependudukan dan Pencatatan Sipil."
            ]
        }

    @pytest.mark.parametrize("first,last", [(2025, None), (2020, 2023), (2025, 2026)])
    def test_row_year_outside_the_data_years(self, opd, row, first, last):
        errors = refused(
            opd, **sdi_metadata(row.id, tahun_awal=first, tahun_akhir=last)
        )
        assert errors == {
            "daftar_data_id": [
                "Tahun baris Daftar Data DD.3516.0001 (2024) berada di luar tahun "
                f"data dataset ({first}–{last or first})."
            ]
        }

    @pytest.mark.parametrize("first,last", [(2024, 2024), (2024, 2030), (2019, 2024)])
    def test_row_year_on_the_edges_of_the_range(self, opd, row, first, last):
        dataset = create(
            opd, **sdi_metadata(row.id, tahun_awal=first, tahun_akhir=last)
        )
        assert dataset["daftar_data_id"] == row.id


class TestUpdate:
    def test_update_and_patch_keep_valid_metadata(self, opd, row):
        dataset = create(opd, **sdi_metadata(row.id))
        patched = act(
            "package_patch", id=dataset["id"], satuan="Orang", kode_wilayah="35.16.08"
        )
        assert patched["satuan"] == "Orang"
        assert patched["kode_wilayah"] == "35.16.08"
        assert patched["daftar_data_id"] == row.id

    def test_update_refuses_invalid_metadata_and_keeps_the_stored(self, opd, row):
        dataset = create(opd, **sdi_metadata(row.id))
        with pytest.raises(tk.ValidationError) as e:
            act(
                "package_patch",
                id=dataset["id"],
                kode_wilayah="35.16.99",
                klasifikasi_akses="rahasia",
            )
        assert set(e.value.error_dict) == {"kode_wilayah", "klasifikasi_akses"}
        shown = helpers.call_action("package_show", id=dataset["id"])
        assert shown["kode_wilayah"] == "35.16"
        assert shown["klasifikasi_akses"] == "terbuka"

    def test_moving_to_another_opd_needs_a_row_of_that_opd(self, opd, other_opd, row):
        dataset = create(opd, **sdi_metadata(row.id))
        with pytest.raises(tk.ValidationError) as e:
            act("package_patch", id=dataset["id"], owner_org=other_opd["id"])
        assert "milik OPD lain" in e.value.error_dict["daftar_data_id"][0]

    def test_a_row_revoked_later_keeps_the_dataset_editable(self, opd, row):
        from ckan import model

        dataset = create(opd, **sdi_metadata(row.id))
        row.status = "dicabut"
        model.Session.commit()
        patched = act("package_patch", id=dataset["id"], satuan="Orang")
        assert patched["daftar_data_id"] == row.id

    def test_a_revoked_row_cannot_be_linked_anew(self, opd, row):
        from ckan import model

        dataset = create(opd, **sdi_metadata(row.id))
        revoked = daftar_data_row(opd["id"], kode="DD.8", status="dicabut")
        model.Session.commit()
        with pytest.raises(tk.ValidationError) as e:
            act("package_patch", id=dataset["id"], daftar_data_id=revoked.id)
        assert "berstatus Dicabut" in e.value.error_dict["daftar_data_id"][0]


def test_editor_of_the_opd_creates_through_the_api(opd, row):
    user = factories.User()
    helpers.call_action(
        "organization_member_create", id=opd["id"], username=user["name"], role="editor"
    )
    dataset = helpers.call_action(
        "package_create",
        context={"user": user["name"], "ignore_auth": False},
        name="oleh-editor",
        title="Data",
        owner_org=opd["id"],
        **sdi_metadata(row.id),
    )
    assert dataset["daftar_data_id"] == row.id
