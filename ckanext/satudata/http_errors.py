"""Error pages in the page's language: werkzeug names and describes an
HTTP error in English ("404 Not Found. The requested URL was not found on
the server..."), and CKAN shows both when a view aborts without a message of
its own. A message CKAN or the extension gave (translated already) stays."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from werkzeug.exceptions import default_exceptions
from werkzeug.http import HTTP_STATUS_CODES


def _texts() -> dict[int, tuple[str, str]]:
    return {
        400: (tk._("Permintaan Tidak Sah"),
              tk._("Server tidak dapat memahami permintaan dari peramban Anda.")),
        401: (tk._("Belum Masuk"),
              tk._("Anda harus masuk untuk membuka halaman ini.")),
        403: (tk._("Akses Ditolak"),
              tk._("Anda tidak berhak mengakses halaman ini.")),
        404: (tk._("Tidak Ditemukan"),
              tk._("Halaman yang Anda cari tidak ada. Bila Anda mengetik"
                   " alamatnya sendiri, periksa kembali ejaannya.")),
        405: (tk._("Metode Tidak Diizinkan"),
              tk._("Metode permintaan ini tidak diizinkan untuk alamat ini.")),
        409: (tk._("Konflik"),
              tk._("Data sedang diubah saat permintaan Anda diproses."
                   " Silakan coba lagi.")),
        413: (tk._("Terlalu Besar"),
              tk._("Data yang dikirim melebihi batas.")),
        429: (tk._("Terlalu Banyak Permintaan"),
              tk._("Anda mengirim terlalu banyak permintaan. Coba lagi nanti.")),
        500: (tk._("Galat Server"),
              tk._("Terjadi galat di server sehingga permintaan Anda tidak"
                   " dapat diselesaikan. Silakan coba lagi nanti.")),
        503: (tk._("Layanan Tidak Tersedia"),
              tk._("Layanan sedang tidak tersedia untuk sementara. Silakan coba"
                   " lagi nanti.")),
    }


def describe(code: Any, name: str | None, content: Any) -> dict[str, Any]:
    """The name and content an error page shows. CKAN passes its own 500 as
    ``[500]`` with "Internal server error"."""
    status = code[0] if isinstance(code, list) else code
    try:
        status = int(status)
    except (TypeError, ValueError):
        return {"name": name, "content": content}
    own = _texts().get(status)
    if own is None:
        return {"name": name, "content": content}
    english = {"Internal server error"}
    if status in default_exceptions:
        english.add(default_exceptions[status].description or "")
    return {
        "name": own[0] if name == HTTP_STATUS_CODES.get(status) else name,
        "content": own[1] if str(content) in english else content,
    }
