"""The organization (OPD) schema through the Action API."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories, helpers


def act(action: str, **data):
    sysadmin = factories.Sysadmin()
    return helpers.call_action(action, context={"user": sysadmin["name"]}, **data)


@pytest.fixture
def dinkes(clean_db):
    return act(
        "organization_create",
        name="dinkes",
        title="Dinas Kesehatan",
        kode_opd="1.02.0.00.0.00.01.0000",
        singkatan="Dinkes",
    )


def test_stores_every_field(clean_db):
    org = act(
        "organization_create",
        name="dispendukcapil",
        title="Dinas Kependudukan dan Pencatatan Sipil",
        kode_opd=" 2.12.0.00.0.00.01.0000 ",
        singkatan="Dispendukcapil",
        kepala_opd_nama="Drs. Budi Santoso, M.Si.",
        kepala_opd_nip="19700101.199003.1.005",
        alamat="Jl. Raya Jabon No. 1",
        telepon="(0321) 591234",
        email="dispendukcapil@mojokertokab.go.id",
        situs="https://dispendukcapil.mojokertokab.go.id",
    )
    shown = act("organization_show", id=org["id"])
    assert shown["kode_opd"] == "2.12.0.00.0.00.01.0000"
    assert shown["singkatan"] == "Dispendukcapil"
    assert shown["kepala_opd_nip"] == "197001011990031005"
    assert shown["email"] == "dispendukcapil@mojokertokab.go.id"


def test_every_contact_field_is_optional(clean_db):
    org = act("organization_create", name="bappeda", title="Bappeda")
    assert "kode_opd" not in org or not org["kode_opd"]


def test_title_is_required(clean_db):
    with pytest.raises(tk.ValidationError) as e:
        act("organization_create", name="tanpa-nama", title="")
    assert e.value.error_dict["title"] == ["Wajib diisi."]


@pytest.mark.parametrize(
    "field,value",
    [("kode_opd", "1.02.0.00.0.00.01.0000"), ("singkatan", "DINKES")],
)
def test_code_and_short_name_are_unique(dinkes, field, value):
    with pytest.raises(tk.ValidationError) as e:
        act("organization_create", name="lain", title="Lain", **{field: value})
    assert e.value.error_dict == {
        field: [f'"{value}" sudah dipakai oleh OPD Dinas Kesehatan.']
    }


def test_an_opd_keeps_its_own_code_on_update(dinkes):
    act("organization_patch", id="dinkes", telepon="(0321) 1")
    updated = act("organization_show", id="dinkes")
    assert updated["kode_opd"] == "1.02.0.00.0.00.01.0000"
    assert updated["telepon"] == "(0321) 1"


def test_a_deleted_opd_frees_its_code(dinkes):
    act("organization_delete", id="dinkes")
    org = act(
        "organization_create",
        name="dinkes-baru",
        title="Dinas Kesehatan",
        kode_opd="1.02.0.00.0.00.01.0000",
    )
    assert org["kode_opd"] == "1.02.0.00.0.00.01.0000"


@pytest.mark.parametrize(
    "fields,errors",
    [
        (
            {"kepala_opd_nip": "1970"},
            {"kepala_opd_nip": ['NIP "1970" harus terdiri atas 18 angka.']},
        ),
        ({"email": "dinkes@"}, {"email": ['Alamat email "dinkes@" tidak valid.']}),
        (
            {"situs": "dinkes.mojokertokab"},
            {
                "situs": [
                    'Alamat web "dinkes.mojokertokab" tidak valid; tulis '
                    "lengkap dengan http:// atau https://."
                ]
            },
        ),
    ],
)
def test_refuses_malformed_contacts(clean_db, fields, errors):
    with pytest.raises(tk.ValidationError) as e:
        act("organization_create", name="opd", title="OPD", **fields)
    assert e.value.error_dict == errors
