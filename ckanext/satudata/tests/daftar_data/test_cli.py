from __future__ import annotations

from ckan.cli.cli import ckan

from ckanext.satudata.daftar_data import spreadsheet
from ckanext.satudata.model.daftar_data import DaftarData

from .spreadsheets import annex_csv, annex_xlsx


def _run(cli, *args, input=None):
    return cli.invoke(ckan, ["satudata", "daftar-data", *args], input=input)


class TestImportCommand:
    def test_dry_run_writes_nothing(self, cli, people, tmp_path):
        path = tmp_path / "lampiran.xlsx"
        path.write_bytes(annex_xlsx())
        result = _run(cli, "import", str(path), "--tahun", "2025", "--dry-run")
        assert result.exit_code == 0, result.output
        assert "4 baris baru" in result.output
        assert "DINAS KESEHATAN" in result.output  # the skipped heading
        assert DaftarData.for_year(2025) == []

    def test_import_asks_then_imports(self, cli, people, tmp_path):
        path = tmp_path / "lampiran.csv"
        path.write_bytes(annex_csv())
        declined = _run(cli, "import", str(path), "--tahun", "2025", input="n\n")
        assert declined.exit_code != 0
        assert DaftarData.for_year(2025) == []
        result = _run(cli, "import", str(path), "--tahun", "2025", input="y\n")
        assert result.exit_code == 0, result.output
        assert "Selesai: 2 baris baru" in result.output
        again = _run(cli, "import", str(path), "--tahun", "2025", "--yes")
        assert "0 baris baru, 0 diperbarui, 2 tidak berubah" in again.output
        assert len(DaftarData.for_year(2025)) == 2

    def test_row_errors_are_listed_and_the_rest_imported(self, cli, people, tmp_path):
        path = tmp_path / "lampiran.csv"
        path.write_bytes(annex_csv().replace(b"DINKES", b"Dinas Antah"))
        result = _run(cli, "import", str(path), "--tahun", "2025", "--yes")
        assert result.exit_code == 0, result.output
        assert "Baris 6 (DD-2)" in result.output
        assert '"Dinas Antah" tidak dikenal' in result.output
        assert [r.kode for r in DaftarData.for_year(2025)] == ["DD-1"]

    def test_unreadable_file_fails(self, cli, people, tmp_path):
        path = tmp_path / "kosong.csv"
        path.write_bytes(b"apa;ini\n1;2\n")
        result = _run(cli, "import", str(path), "--tahun", "2025", "--yes")
        assert result.exit_code == 1
        assert "judul kolom" in result.output


def test_export_command_round_trip(cli, people, tmp_path):
    source = tmp_path / "lampiran.xlsx"
    source.write_bytes(annex_xlsx())
    _run(cli, "import", str(source), "--tahun", "2025", "--yes")
    out = tmp_path / "ekspor.csv"
    result = _run(cli, "export", str(out), "--tahun", "2025", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "4 baris ditulis" in result.output
    preview = spreadsheet.read_rows(out.read_bytes(), 2025)
    assert len(preview.valid_rows) == 4
