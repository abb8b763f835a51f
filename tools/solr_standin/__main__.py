"""Command line: ``python -m solr_standin --host 127.0.0.1 --port 8983``."""

from __future__ import annotations

import argparse
import importlib.util
import logging
import signal
import sys
import threading
from pathlib import Path

from .schema import Schema
from .server import SolrStandin, StandinServer

log = logging.getLogger("solr_standin")


def installed_ckan_schema() -> Path:
    """ckan/config/solr/schema.xml of the ckan importable by this Python."""
    # find_spec locates the package without importing (and configuring) CKAN.
    spec = importlib.util.find_spec("ckan")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("ckan is not importable from this Python; pass --schema PATH")
    path = (
        Path(next(iter(spec.submodule_search_locations)))
        / "config"
        / "solr"
        / "schema.xml"
    )
    if not path.is_file():
        raise SystemExit(f"{path} does not exist; pass --schema PATH")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="solr_standin", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8983)
    parser.add_argument(
        "--core", default="ckan", help="core name in /solr/<core>/ (default: ckan)"
    )
    parser.add_argument(
        "--schema", type=Path, help="schema.xml (default: the installed ckan's)"
    )
    parser.add_argument(
        "--data-file", type=Path, help="load the index from and save it to this file"
    )
    parser.add_argument("--log-level", default="INFO", help="DEBUG logs every request")
    args = parser.parse_args(argv)

    logging.basicConfig(
        level=args.log_level.upper(),
        format="%(asctime)s %(levelname)s [%(name)s] %(message)s",
        stream=sys.stderr,
    )
    schema_path = args.schema or installed_ckan_schema()
    app = SolrStandin(
        Schema.from_file(schema_path), core=args.core, data_file=args.data_file
    )
    server = StandinServer(app, args.host, args.port)

    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    # serve_forever runs in a thread because shutdown() must be called from
    # another thread than the one serving.
    thread = threading.Thread(
        target=server.serve_forever, name="solr-standin", daemon=True
    )
    thread.start()
    host, port = server.server_address[:2]
    log.info(
        "Solr stand-in ready at http://%s:%d/solr/%s (schema %s, %s)",
        host,
        port,
        args.core,
        schema_path,
        app.schema.name,
    )
    stop.wait()
    log.info("stopping")
    server.shutdown()
    server.server_close()
    app.persist()
    return 0


if __name__ == "__main__":
    sys.exit(main())
