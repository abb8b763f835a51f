"""Kemendagri region codes: form, the portal's own area, the reference table."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
import pytest

from ckanext.satudata import region_codes

validate = tk.get_validator("satudata_kode_wilayah")


class TestReferenceTable:
    def test_holds_every_province_regency_and_kecamatan(self):
        levels = [region_codes.level(c) for c in region_codes._reference()]
        assert levels.count("provinsi") == 38
        assert levels.count("kabupaten") == 514
        assert levels.count("kecamatan") == 7277

    def test_names_mojokerto_and_its_kecamatan(self):
        assert region_codes.name("35") == "Jawa Timur"
        assert region_codes.name("35.16") == "Kab. Mojokerto"
        assert region_codes.name("35.16.08") == "Mojosari"
        # Mojoanyar, split from Bangsal: the last kecamatan of the regency.
        assert region_codes.name("35.16.18") == "Mojoanyar"
        assert region_codes.name("35.16.19") is None

    def test_has_no_desa(self):
        assert region_codes.name("35.16.08.2001") is None


class TestFormat:
    @pytest.mark.parametrize(
        "code",
        [
            "35",
            "35.16",
            "35.78",
            "35.16.08",
            "35.16.08.1007",
            "35.16.08.2001",
            "35.16.08.3001",
        ],
    )
    def test_accepts_each_level(self, code):
        assert region_codes.is_well_formed(code)

    @pytest.mark.parametrize(
        "code",
        [
            "3516",  # the BPS code, not Kemendagri
            "3516080",
            "35.1",  # what a spreadsheet makes of 35.10
            "35.16.8",  # leading zero lost
            "35.16.08.201",
            "35.16.08.20011",
            "35.16.08.4001",  # pulau numbering, not a desa
            "35.16.08.0001",
            "35.00",
            "35.70",  # neither kabupaten (01-69) nor kota (71-99)
            "05.16",
            "35-16-08",
            "35.16.",
            "",
        ],
    )
    def test_refuses_malformed(self, code):
        assert not region_codes.is_well_formed(code)


class TestValidator:
    @pytest.mark.parametrize(
        "code", ["35.16", "35.16.01", "35.16.08", "35.16.18", "35.16.08.2001"]
    )
    def test_accepts_mojokerto_and_inside_it(self, code):
        assert validate(code) == code

    def test_strips_whitespace(self):
        assert validate(" 35.16.08\n") == "35.16.08"

    def test_refuses_malformed_with_the_format_in_the_message(self):
        with pytest.raises(tk.Invalid) as e:
            validate("3516080")
        assert e.value.error == (
            'Kode wilayah "3516080" tidak sesuai format Kemendagri '
            "(contoh: 35.16, 35.16.08 atau 35.16.08.2001). Tampaknya kode "
            "BPS; gunakan kode Kemendagri bertitik."
        )

    def test_a_code_excel_cut_short_gets_the_same_hint_as_the_table_check(self):
        with pytest.raises(tk.Invalid) as e:
            validate("35.16.1")
        assert e.value.error == (
            'Kode wilayah "35.16.1" tidak sesuai format Kemendagri '
            "(contoh: 35.16, 35.16.08 atau 35.16.08.2001). Tampaknya angka "
            "nol di belakang hilang karena sel dibaca Excel sebagai angka; "
            "format kolom sebagai Teks."
        )

    def test_a_malformed_code_without_a_known_cause_has_no_hint(self):
        with pytest.raises(tk.Invalid) as e:
            validate("Mojosari")
        assert e.value.error == (
            'Kode wilayah "Mojosari" tidak sesuai format Kemendagri '
            "(contoh: 35.16, 35.16.08 atau 35.16.08.2001)."
        )

    @pytest.mark.parametrize("code", ["35", "35.03", "35.03.11", "35.76", "36.16"])
    def test_refuses_the_province_and_other_regencies(self, code):
        with pytest.raises(tk.Invalid) as e:
            validate(code)
        assert e.value.error == (
            f'Kode wilayah "{code}" berada di luar wilayah portal ini '
            "(Kabupaten Mojokerto, 35.16)."
        )

    def test_refuses_a_kecamatan_that_does_not_exist(self):
        with pytest.raises(tk.Invalid) as e:
            validate("35.16.19")
        assert e.value.error == (
            'Kode wilayah "35.16.19" tidak terdaftar dalam tabel referensi Kemendagri.'
        )

    def test_refuses_a_desa_of_a_kecamatan_that_does_not_exist(self):
        with pytest.raises(tk.Invalid) as e:
            validate("35.16.19.2001")
        assert "kecamatan 35.16.19 tidak terdaftar" in e.value.error

    def test_desa_existence_is_checked_down_to_its_kecamatan_only(self):
        # The boundary of the reference table: Mojosari exists, so any
        # well-formed desa number in it passes, real (2001 Sumbertanggul)
        # or not (2999).
        assert validate("35.16.08.2001") == "35.16.08.2001"
        assert validate("35.16.08.2999") == "35.16.08.2999"

    def test_empty_is_left_to_the_default(self):
        assert validate("") == ""

    @pytest.mark.ckan_config("ckanext.satudata.kode_wilayah", "35.03")
    @pytest.mark.ckan_config("ckanext.satudata.nama_wilayah", "Kabupaten Trenggalek")
    def test_follows_the_configured_regency(self):
        assert validate("35.03.05") == "35.03.05"
        with pytest.raises(tk.Invalid) as e:
            validate("35.16.08")
        assert "(Kabupaten Trenggalek, 35.03)" in e.value.error
