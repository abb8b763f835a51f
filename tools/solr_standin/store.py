"""Optional persistence: the added documents as one JSON file.

Documents are stored as they were received and re-indexed on load, so a
changed schema or analyser applies to old data after a restart.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from .index import Index

_FORMAT = "solr-standin/1"


def load(path: Path, index: Index, now_ms: int) -> int:
    if not path.exists():
        return 0
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != _FORMAT:
        raise ValueError(f"{path} is not a Solr stand-in data file")
    with index.lock:
        for doc in data["docs"]:
            index.add(doc, now_ms)
    return len(data["docs"])


def save(path: Path, index: Index) -> None:
    with index.lock:
        payload = json.dumps(
            {"format": _FORMAT, "docs": index.sources()}, ensure_ascii=False
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write then rename, so a crash mid-write never leaves a truncated file.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(payload)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
