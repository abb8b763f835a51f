from __future__ import annotations

import pytest

from ckanext.satudata.daftar_data import spreadsheet
from ckanext.satudata.model.daftar_data import DaftarData

from .conftest import act
from .spreadsheets import HEADER, annex_csv, annex_xlsx, simple_xlsx


def _ok(preview):
    assert preview.errors == []
    return {row.data["kode"]: row for row in preview.rows}


class TestMessyAnnex:
    def test_excel_annex_with_titles_merged_header_and_signature(self, people):
        preview = spreadsheet.read_rows(annex_xlsx(), 2025)
        rows = _ok(preview)
        assert list(rows) == [
            "DD-3516-2025-001", "DD-3516-2025-002", "DD-3516-2025-003",
            "DD-3516-2025-004"]
        assert preview.invalid_rows == []
        first = rows["DD-3516-2025-001"]
        assert first.line == 8
        assert first.data == {
            "kode": "DD-3516-2025-001",
            "nama_data": "Jumlah penduduk menurut kecamatan",
            "jenis_data": "statistik",
            "owner_org": people.org_a["id"],
            "produsen_pendukung": None,
            "klasifikasi_akses": "terbuka",
            "satuan": "Jiwa",
            "jadwal_pemutakhiran": "semesteran",
            "data_prioritas": True,
            "no_berita_acara": "BA/01/2025",
            "tanggal_berita_acara": "2025-01-31",
            "catatan": "sumber SIAK",
        }
        # The OPD cell merged over two rows counts for both.
        assert rows["DD-3516-2025-002"].data["owner_org"] == people.org_a["id"]
        assert rows["DD-3516-2025-002"].data["data_prioritas"] is False
        third = rows["DD-3516-2025-003"].data
        assert third["owner_org"] == people.org_b["id"]
        assert third["jadwal_pemutakhiran"] == "insidental"
        assert third["tanggal_berita_acara"] == "2025-03-05"
        fourth = rows["DD-3516-2025-004"].data
        assert fourth["owner_org"] == people.org_a["id"]  # by kode_opd
        assert fourth["tanggal_berita_acara"] == "2025-04-02"
        # Headings and the signature block are skipped, and said so.
        skipped = " ".join(preview.warnings)
        assert "DINAS KESEHATAN" in skipped and "BUPATI MOJOKERTO" in skipped
        assert preview.columns["nama_data"] == "Uraian Data"
        assert preview.columns["no_berita_acara"] == "Berita Acara Nomor"

    @pytest.mark.parametrize("content", [
        annex_csv(),
        annex_csv(encoding="utf-8", delimiter=",", bom=True),
        annex_csv(encoding="utf-8", delimiter="\t"),
    ], ids=["semicolon-cp1252", "comma-utf8-bom", "tab-utf8"])
    def test_csv_variants(self, people, content):
        rows = _ok(spreadsheet.read_rows(content, 2025))
        assert list(rows) == ["DD-1", "DD-2"]
        one, two = rows["DD-1"].data, rows["DD-2"].data
        assert one["nama_data"] == "Jumlah penduduk – per kecamatan"
        assert one["catatan"] == "café"
        assert one["jadwal_pemutakhiran"] == "semesteran"
        assert one["owner_org"] == people.org_a["id"]
        assert two["owner_org"] == people.org_b["id"]  # by singkatan, any case
        assert two["jadwal_pemutakhiran"] == "tahunan"
        assert rows["DD-1"].line == 4

    def test_bad_values_and_unknown_opd_are_row_errors(self, people):
        content = simple_xlsx([
            HEADER,
            ["K1", "Baik", "statistik", "dinkes", "terbuka", "tahunan"],
            ["K2", "Jenis salah", "survei", "dinkes", "terbuka", "tahunan"],
            ["K3", "OPD salah", "statistik", "Dinas Pariwisata", "rahasia umum",
             "kadang-kadang"],
            ["K4", None, "statistik", "dinkes", "terbuka", "tahunan"],
            ["K1", "Dobel", "statistik", "dinkes", "terbuka", "tahunan"],
        ])
        preview = spreadsheet.read_rows(content, 2025)
        assert preview.errors == []
        assert [r.data["kode"] for r in preview.valid_rows] == ["K1"]
        errors = {r.line: " ".join(r.errors) for r in preview.invalid_rows}
        assert "survei" in errors[3]
        assert "Statistik, Geospasial, Keuangan" in errors[3]
        assert '"Dinas Pariwisata" tidak dikenal' in errors[4]
        assert "Terbuka, Terbatas, Tertutup" in errors[4]
        assert "Insidental" in errors[4]
        assert "Nama Data wajib diisi" in errors[5]
        assert "baris 2" in errors[6]

    def test_ambiguous_opd_is_an_error(self, people):
        from ckan.tests import factories

        # Another OPD's title is the short name of Dinas Kesehatan.
        factories.Organization(name="dinkes-hewan", title="DINKES")
        content = simple_xlsx([
            HEADER, ["K1", "X", "statistik", "Dinkes", "terbuka", "tahunan"]])
        (row,) = spreadsheet.read_rows(content, 2025).rows
        assert "lebih dari satu OPD" in row.errors[0]

    def test_year_column_must_match(self, people):
        content = simple_xlsx([
            HEADER + ["Tahun"],
            ["K1", "X", "statistik", "dinkes", "terbuka", "tahunan", 2024],
            ["K2", "Y", "statistik", "dinkes", "terbuka", "tahunan", 2025],
        ])
        preview = spreadsheet.read_rows(content, 2025)
        assert [r.data["kode"] for r in preview.valid_rows] == ["K2"]
        assert "2024" in preview.invalid_rows[0].errors[0]

    def test_missing_required_columns_reject_the_file(self, people):
        content = simple_xlsx([["ID", "Nama Data", "Satuan"], ["K1", "X", "jiwa"]])
        preview = spreadsheet.read_rows(content, 2025)
        assert preview.rows == []
        assert "Produsen Data" in preview.errors[0]
        assert "Jenis Data" in preview.errors[0]

    @pytest.mark.parametrize("content, message", [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".xls"),
        (b"PK\x03\x04 not really a zip", "XLSX"),
        (b"hello;world\n1;2\n", "judul kolom"),
        (b"", "judul kolom"),
    ], ids=["xls", "broken-xlsx", "no-header", "empty"])
    def test_unreadable_files(self, people, content, message):
        preview = spreadsheet.read_rows(content, 2025)
        assert message in preview.errors[0]
        assert preview.rows == []

    def test_unknown_columns_are_listed(self, people):
        content = simple_xlsx([HEADER + ["Warna Favorit"],
                               ["K1", "X", "statistik", "dinkes", "terbuka", ""]])
        preview = spreadsheet.read_rows(content, 2025)
        assert preview.ignored_columns == ["Warna Favorit"]
        assert preview.valid_rows[0].data["jadwal_pemutakhiran"] is None


class TestImport:
    def _import(self, people, content):
        preview = spreadsheet.read_rows(content, 2025)
        result = act("satudata_daftar_data_import", people.walidata, tahun=2025,
                     rows=preview.data_rows())
        preview.add_action_errors(result)
        return preview, result

    def test_reimport_updates_instead_of_duplicating(self, people):
        _, first = self._import(people, annex_xlsx())
        assert (first["created"], first["updated"]) == (4, 0)
        _, again = self._import(people, annex_xlsx())
        assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 4)
        changed = annex_csv().replace(b"Jumlah puskesmas", b"Jumlah puskesmas induk")
        self._import(people, changed)
        _, again = self._import(people, changed.replace(b"Tahun;", b"Bulanan;"))
        assert (again["created"], again["updated"], again["unchanged"]) == (0, 1, 1)
        assert len(DaftarData.for_year(2025)) == 6
        stored = DaftarData.by_kode("DD-2", 2025)
        assert (stored.nama_data, stored.jadwal_pemutakhiran) == (
            "Jumlah puskesmas induk", "bulanan")

    def test_action_errors_join_the_preview(self, people):
        self._import(people, annex_csv())
        row = DaftarData.by_kode("DD-1", 2025)
        act("satudata_daftar_data_establish", people.forum, id=row.id,
            no_sk="1", tanggal_sk="2025-01-01")
        preview, result = self._import(
            people, annex_csv().replace(b"terbuka;semester", b"tertutup;semester"))
        assert result["unchanged"] == 1
        (bad,) = preview.invalid_rows
        assert bad.data["kode"] == "DD-1"
        assert bad.errors[0].startswith("Klasifikasi Akses: ")
        assert DaftarData.by_kode("DD-1", 2025).klasifikasi_akses == "terbuka"


class TestExport:
    @pytest.mark.parametrize("fmt", ["xlsx", "csv"])
    def test_export_reads_back_unchanged(self, people, fmt):
        preview = spreadsheet.read_rows(annex_xlsx(), 2025)
        act("satudata_daftar_data_import", people.walidata, tahun=2025,
            rows=preview.data_rows())
        row = DaftarData.by_kode("DD-3516-2025-003", 2025)
        act("satudata_daftar_data_update", people.walidata, id=row.id,
            indikator_variabel="variabel", ketersediaan="sebagian",
            link_portal_sdi="https://data.go.id/x",
            definisi='Titik; lokasi, "faskes"')
        act("satudata_daftar_data_establish", people.forum, id=row.id,
            no_sk="SK-1", tanggal_sk="2025-01-02")
        rows = act("satudata_daftar_data_list", people.walidata)["results"]

        content = spreadsheet.write_rows(rows, fmt)
        back = spreadsheet.read_rows(content, 2025)
        assert back.errors == [] and back.invalid_rows == []
        assert back.ignored_columns == []
        assert len(back.rows) == 4
        result = act("satudata_daftar_data_import", people.walidata, tahun=2025,
                     rows=back.data_rows(), dry_run=True)
        assert result == {"created": 0, "updated": 0, "unchanged": 4,
                          "errors": [], "dry_run": True}
        # And into an empty year it recreates the same content.
        moved = spreadsheet.read_rows(
            spreadsheet.write_rows([dict(r, tahun=2030) for r in rows], fmt), 2030)
        act("satudata_daftar_data_import", people.walidata, tahun=2030,
            rows=moved.data_rows())
        copy = DaftarData.by_kode("DD-3516-2025-003", 2030)
        for key in ("nama_data", "owner_org", "jenis_data", "indikator_variabel",
                    "klasifikasi_akses", "definisi", "ketersediaan",
                    "link_portal_sdi", "jadwal_pemutakhiran", "data_prioritas"):
            assert getattr(copy, key) == getattr(row, key), key
        assert copy.status == "usulan"

    def test_csv_export_has_a_bom_and_indonesian_headers(self, people):
        content = spreadsheet.write_rows([], "csv")
        assert content.startswith(b"\xef\xbb\xbf")
        header = content[3:].decode().splitlines()[0]
        assert header.startswith("No,ID,ID DDP,Tahun,Sumber Referensi")
