"""OPD aliases, producer cells and vocabulary variants of real SK annexes."""
from __future__ import annotations

import io
import re

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories, helpers

from ckanext.satudata.daftar_data import opd_names, spreadsheet
from ckanext.satudata.model.daftar_data import DaftarData

from .conftest import act
from .spreadsheets import TRENGGALEK_OPDS, simple_xlsx, trenggalek_annex_xlsx


class Portal:
    """A Trenggalek-like portal: its OPDs, a Walidata, a Forum member and a
    producer."""

    def __init__(self) -> None:
        sysadmin = factories.Sysadmin()["name"]
        self.orgs = {
            name: factories.Organization(name=name, title=title)
            for name, title in TRENGGALEK_OPDS.items()
        }
        self.users = {}
        for role, org in (("walidata", None), ("forum", None),
                          ("produsen", self.orgs["capil"])):
            user = factories.User()["name"]
            helpers.call_action(
                "satudata_role_assign",
                context={"user": sysadmin, "ignore_auth": False},
                user=user, role=role, **({"organization": org["id"]} if org else {}),
            )
            self.users[role] = user
        self.walidata = self.users["walidata"]

    def id(self, name: str) -> str:
        return self.orgs[name]["id"]


@pytest.fixture
def portal(clean_db) -> Portal:
    return Portal()


@pytest.fixture
def seeded(portal) -> Portal:
    act("satudata_opd_alias_seed", portal.walidata)
    return portal


class TestNames:
    @pytest.mark.parametrize("written, normal", [
        ("Dinas Kesehatan Kab. Trenggalek", "dinas kesehatan"),
        ("Dinas Kesehatan Kabupaten Mojokerto", "dinas kesehatan"),
        ("DINAS KESEHATAN, KAB TRENGGALEK", "dinas kesehatan"),
        ("Dinas Komunikasi & Informatika", "dinas komunikasi dan informatika"),
        ("2. Dinas Sosial", "dinas sosial"),
        ("Badan Kesatuan Bangsa dan Politik Kota Batu",
         "badan kesatuan bangsa dan politik"),
        # No region after "Kota": part of the name.
        ("Dinas Perumahan dan Tata Kota", "dinas perumahan dan tata kota"),
    ])
    def test_normalise(self, written, normal):
        assert opd_names.normalise(written) == normal

    @pytest.mark.parametrize("cell, names", [
        ("1. BPS; 2. Dinas Perinaker", ["BPS", "Dinas Perinaker"]),
        ("1. Bappedalitbang 2. Dinsos", ["Bappedalitbang", "Dinsos"]),
        ("Dinkes\nDinsos", ["Dinkes", "Dinsos"]),
        ("1) BPS; 2) Dinkes;", ["BPS", "Dinkes"]),
        # Commas belong to titles.
        ("Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak",
         ["Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak"]),
        ("Dinas Kesehatan Kab. Trenggalek", ["Dinas Kesehatan Kab. Trenggalek"]),
    ])
    def test_split_producers(self, cell, names):
        assert opd_names.split_producers(cell) == names


class TestAliasActions:
    def test_seed_adds_the_common_short_names_once(self, portal):
        created = act("satudata_opd_alias_seed", portal.walidata)["created"]
        by_org: dict[str, list[str]] = {}
        for alias in created:
            by_org.setdefault(alias["organization"]["name"], []).append(
                alias["alias"])
        assert by_org == {
            "capil": ["Disdukcapil", "Dispendukcapil", "Dukcapil",
                      "Dinas Dukcapil"],
            "kesehatan": ["Dinkes", "Dinas Kes", "Dinas Kesehatan"],
            "perinaker": ["Dinas Perinaker", "Disperinaker"],
            "kominfo-tg": ["Dinas Kominfo", "Diskominfo", "Kominfo",
                           "Diskominfo Statistik"],
            "perencanaan": ["Bappedalitbang", "Bappeda Litbang"],
            "sosial-p3a": ["Dinsos", "Dinas Sosial"],
        }
        assert act("satudata_opd_alias_seed", portal.walidata)["created"] == []

    def test_walidata_adds_lists_and_deletes(self, portal):
        alias = act("satudata_opd_alias_create", portal.walidata,
                    owner_org="kominfo-tg", alias="Diskominfo Trenggalek")
        assert alias["owner_org"] == portal.id("kominfo-tg")
        assert alias["organization"]["title"] == "Dinas Komunikasi dan Informatika"
        listed = act("satudata_opd_alias_list", portal.walidata,
                     organization="kominfo-tg")
        assert [a["alias"] for a in listed] == ["Diskominfo Trenggalek"]
        # The alias now names the OPD in the register's own API too.
        row = act("satudata_daftar_data_create", portal.walidata, tahun=2025,
                  nama_data="Jumlah BTS", owner_org="DISKOMINFO trenggalek",
                  jenis_data="statistik", klasifikasi_akses="terbuka")
        assert row["owner_org"] == portal.id("kominfo-tg")
        act("satudata_opd_alias_delete", portal.walidata, id=alias["id"])
        assert act("satudata_opd_alias_list", portal.walidata) == []
        with pytest.raises(tk.ValidationError) as e:
            act("satudata_daftar_data_create", portal.walidata, tahun=2025,
                nama_data="Jumlah BTS", owner_org="Diskominfo Trenggalek",
                jenis_data="statistik", klasifikasi_akses="terbuka")
        assert e.value.error_dict["owner_org"] == [
            'OPD "Diskominfo Trenggalek" tidak ditemukan.']

    @pytest.mark.parametrize("alias, message", [
        ("Dinas Komunikasi & Informatika Kab. Trenggalek",
         '"Dinas Komunikasi & Informatika Kab. Trenggalek" sudah berarti OPD '
         "Dinas Komunikasi dan Informatika."),
        ("capil", '"capil" sudah berarti OPD Dinas Kependudukan dan Pencatatan '
                  "Sipil."),
        ("DINKES", '"DINKES" sudah berarti OPD Dinas Kesehatan, Pengendalian '
                   "Penduduk dan Keluarga Berencana."),
        ("...", "Alias harus memuat huruf atau angka."),
    ], ids=["title-variant", "url-name", "seeded-alias", "punctuation"])
    def test_a_name_means_one_opd(self, seeded, alias, message):
        with pytest.raises(tk.ValidationError) as e:
            act("satudata_opd_alias_create", seeded.walidata,
                owner_org="perinaker", alias=alias)
        assert e.value.error_dict == {"alias": [message]}

    @pytest.mark.parametrize("role", ["forum", "produsen", None])
    def test_only_the_walidata_edits(self, portal, role):
        user = portal.users[role] if role else None
        for action, data in (
            ("satudata_opd_alias_create",
             {"owner_org": "capil", "alias": "Capil"}),
            ("satudata_opd_alias_seed", {}),
        ):
            with pytest.raises(tk.NotAuthorized):
                act(action, user, **data)
        alias = act("satudata_opd_alias_create", portal.walidata,
                    owner_org="capil", alias="Capil TG")
        with pytest.raises(tk.NotAuthorized):
            act("satudata_opd_alias_delete", user, id=alias["id"])
        if role == "forum":
            assert len(act("satudata_opd_alias_list", user)) == 1
        else:
            with pytest.raises(tk.NotAuthorized):
                act("satudata_opd_alias_list", user)


KESEHATAN = TRENGGALEK_OPDS["kesehatan"]
TAHUNAN = ("Jadwal Pemutakhiran", "Setahun sekali", "Tahunan")
SEKTORAL = ("Jenis Data", "Data Statistik Sektoral", "Statistik")


class TestTrenggalekAnnex:
    def test_every_row_resolved_normalised_or_explained(self, seeded):
        preview = spreadsheet.read_rows(trenggalek_annex_xlsx(), 2025)
        assert preview.errors == []
        assert preview.columns == {
            "kode": "id", "nama_data": "nama_data", "jenis_data": "jenis_data",
            "owner_org": "produsen_data",
            "klasifikasi_akses": "klasiikasi_data_sesuai_resiko",
            "satuan": "satuan",
            "jadwal_pemutakhiran": "jadwal_rilis_atau_pemutakhiran_data",
            "tahun": "tahun", "catatan": "keterangan",
        }
        assert preview.ignored_columns == []
        rows = {row.data["kode"]: row for row in preview.rows}
        assert list(rows) == [f"TG-{n:03d}" for n in range(1, 11)]
        assert [rows[k].line for k in ("TG-001", "TG-010")] == [5, 14]

        resolved = {
            kode: (row.data["owner_org"], row.opd, row.data["produsen_pendukung"])
            for kode, row in rows.items()
        }
        t = TRENGGALEK_OPDS
        assert resolved == {
            "TG-001": (seeded.id("capil"), t["capil"], None),
            "TG-002": (seeded.id("kesehatan"), KESEHATAN, None),
            "TG-003": (seeded.id("kesehatan"), KESEHATAN, None),
            "TG-004": (seeded.id("perinaker"), t["perinaker"], "BPS"),
            "TG-005": (seeded.id("kominfo-tg"), t["kominfo-tg"], None),
            "TG-006": (seeded.id("perencanaan"), t["perencanaan"], None),
            "TG-007": (None, None, None),
            "TG-008": (seeded.id("kesehatan"), KESEHATAN, None),
            "TG-009": (seeded.id("perencanaan"), t["perencanaan"],
                       t["sosial-p3a"]),
            "TG-010": (seeded.id("sosial-p3a"), t["sosial-p3a"], None),
        }

        mappings = {kode: row.mappings for kode, row in rows.items()}
        assert mappings == {
            "TG-001": [SEKTORAL, ("Produsen Data", "Disdukcapil", t["capil"]),
                       TAHUNAN],
            "TG-002": [("Produsen Data", "Dinas Kesehatan Kab. Trenggalek",
                        KESEHATAN)],
            "TG-003": [("Produsen Data", "DINKES", KESEHATAN),
                       ("Jadwal Pemutakhiran", "6 bulan sekali", "Semesteran")],
            "TG-004": [SEKTORAL,
                       ("Produsen Data", "Dinas Perinaker", t["perinaker"]),
                       TAHUNAN],
            "TG-005": [("Produsen Data",
                        "Dinas Komunikasi & Informatika Kabupaten Trenggalek",
                        t["kominfo-tg"]),
                       ("Klasifikasi Akses", "Data Terbuka", "Terbuka")],
            "TG-006": [("Produsen Data", "Bappedalitbang", t["perencanaan"]),
                       TAHUNAN],
            "TG-007": [],
            "TG-008": [("Produsen Data", "Dinkes", KESEHATAN), TAHUNAN],
            "TG-009": [("Produsen Data", "Bappedalitbang", t["perencanaan"]),
                       ("Produsen Pendukung", "Dinsos", t["sosial-p3a"])],
            "TG-010": [("Produsen Data",
                        "Dinas Sosial, Pemberdayaan Perempuan & Perlindungan "
                        "Anak", t["sosial-p3a"])],
        }
        assert rows["TG-001"].data["jenis_data"] == "statistik"
        assert rows["TG-001"].data["jadwal_pemutakhiran"] == "tahunan"
        assert rows["TG-003"].data["jadwal_pemutakhiran"] == "semesteran"
        assert rows["TG-005"].data["klasifikasi_akses"] == "terbuka"

        # The preview's problem filter: the rows left out, and the one whose
        # supporting producer is no OPD.
        assert [r.line for r in preview.problem_rows] == [8, 11, 12, 14]
        assert [r.line for r in preview.invalid_rows] == [11, 12, 14]
        assert {r.data["kode"]: r.errors + r.warnings
                for r in preview.problem_rows} == {
            "TG-004": ['Produsen pendukung "BPS" bukan OPD di portal; dicatat '
                       "sebagaimana tertulis."],
            "TG-007": ['Produsen Data "Dinas Pariwisata" tidak dikenal: tidak '
                       "cocok dengan nama, singkatan, alias atau kode OPD mana "
                       "pun di portal."],
            "TG-008": ["Tahun 2024 tidak sama dengan tahun impor 2025."],
            "TG-010": ['Jadwal Pemutakhiran: nilai "Lima tahunan" tidak '
                       "dikenal; pilihan: Harian, Mingguan, Bulanan, "
                       "Triwulanan, Empat Bulanan, Semesteran, Tahunan, Dua "
                       "Tahunan, Insidental."],
        }
        # The signature block is skipped line by line, the NIP included.
        assert preview.warnings[-1] == (
            'Baris 22 dilewati karena bukan baris data: "NIP. 19700101 199003 1 '
            '005".')
        assert len(preview.warnings) == 6

    def test_without_aliases_the_short_names_are_unknown(self, portal):
        preview = spreadsheet.read_rows(trenggalek_annex_xlsx(), 2025)
        unknown = [r.data["kode"] for r in preview.invalid_rows
                   if any("tidak dikenal: tidak cocok" in e for e in r.errors)]
        # Region suffixes and "&" need no alias; short names do.
        assert unknown == ["TG-001", "TG-002", "TG-003", "TG-004", "TG-006",
                           "TG-007", "TG-008", "TG-009"]

    def test_import_stores_producer_and_supporting_producers(self, seeded):
        preview = spreadsheet.read_rows(trenggalek_annex_xlsx(), 2025)
        result = act("satudata_daftar_data_import", seeded.walidata, tahun=2025,
                     rows=preview.data_rows())
        assert (result["created"], result["errors"]) == (7, [])
        stored = DaftarData.by_kode("TG-004", 2025)
        assert (stored.owner_org, stored.produsen_pendukung) == (
            seeded.id("perinaker"), "BPS")
        shown = act("satudata_daftar_data_show", seeded.walidata, id=stored.id)
        assert shown["produsen_pendukung"] == "BPS"
        # An export carries the supporting producers and reads back unchanged.
        rows = act("satudata_daftar_data_list", seeded.walidata)["results"]
        back = spreadsheet.read_rows(spreadsheet.write_rows(rows, "xlsx"), 2025)
        again = act("satudata_daftar_data_import", seeded.walidata, tahun=2025,
                    rows=back.data_rows(), dry_run=True)
        assert (again["unchanged"], again["errors"]) == (7, [])
        by_kode = {r.data["kode"]: r for r in back.rows}
        assert by_kode["TG-009"].data["produsen_pendukung"] == (
            TRENGGALEK_OPDS["sosial-p3a"])
        assert by_kode["TG-004"].warnings == [
            'Produsen pendukung "BPS" bukan OPD di portal; dicatat '
            "sebagaimana tertulis."]

    def test_a_supporting_column_and_a_duplicate_producer(self, seeded):
        content = simple_xlsx([
            ["ID", "Nama Data", "Jenis Data", "Produsen Data",
             "Produsen Pendukung", "Klasifikasi Akses"],
            ["K1", "Data A", "statistik", "Dinkes; Dinas Kesehatan",
             "Dinsos; DINKES", "terbuka"],
        ])
        (row,) = spreadsheet.read_rows(content, 2025).rows
        assert row.errors == [] and row.warnings == []
        assert row.data["owner_org"] == seeded.id("kesehatan")
        assert row.data["produsen_pendukung"] == TRENGGALEK_OPDS["sosial-p3a"]


class TestPreviewPage:
    def _upload(self, app, portal):
        token = factories.APIToken(user=portal.walidata)["token"]
        headers = {"Authorization": token}
        response = app.post(
            tk.url_for("satudata_daftar_data.import_"), headers=headers,
            data={"tahun": "2025",
                  "upload": (io.BytesIO(trenggalek_annex_xlsx()), "dd.xlsx")},
            content_type="multipart/form-data",
        )
        return headers, response.body

    @staticmethod
    def _lines(body):
        """The spreadsheet line of each row the preview table shows."""
        table = body.split('satudata-import-preview">')[1].split("</table>")[0]
        body_rows = table.split("<tbody>")[1]
        return [int(n) for n in re.findall(r"<tr[^>]*>\s*<td>(\d+)</td>",
                                            body_rows)]

    def test_resolved_opd_mapping_and_problem_filter(self, app, seeded):
        headers, body = self._upload(app, seeded)
        assert self._lines(body) == list(range(5, 15))
        assert (f'<td class="satudata-import-opd">{TRENGGALEK_OPDS["perinaker"]}'
                "<br><small>Pendukung: BPS</small></td>") in body
        assert '<li>Jenis Data: "Data Statistik Sektoral" → Statistik</li>' in body
        assert ("<td>klasiikasi_data_sesuai_resiko</td>"
                "<td>Klasifikasi Akses</td>") in body
        token = body.split('name="token" value="')[1].split('"')[0]
        link = tk.url_for("satudata_daftar_data.import_preview", token=token,
                          masalah=1)
        assert link in body
        problems = app.get(link, headers=headers).body
        assert self._lines(problems) == [8, 11, 12, 14]
        assert "4 baris bermasalah ditampilkan." in problems
        # Another user cannot read the upload.
        other = factories.APIToken(user=seeded.users["forum"])["token"]
        response = app.get(link, headers={"Authorization": other})
        assert "Unggahan tidak ditemukan" in response.body

    def test_alias_page(self, app, seeded):
        headers = {"Authorization":
                   factories.APIToken(user=seeded.walidata)["token"]}
        body = app.get(tk.url_for("satudata_daftar_data.aliases"),
                       headers=headers).body
        assert "<td>Bappedalitbang</td>" in body
        app.post(tk.url_for("satudata_daftar_data.alias_create"),
                 headers=headers,
                 data={"owner_org": seeded.id("capil"), "alias": "Capil TGX"})
        assert [a["alias"] for a in act(
            "satudata_opd_alias_list", seeded.walidata, organization="capil")
        ][0] == "Capil TGX"
        forum = {"Authorization":
                 factories.APIToken(user=seeded.users["forum"])["token"]}
        page = app.get(tk.url_for("satudata_daftar_data.aliases"),
                       headers=forum).body
        assert "Tambah alias" not in page and "<td>Capil TGX</td>" in page
