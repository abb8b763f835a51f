"""Query latencies of the Solr stand-in on 10,000 CKAN-like datasets.

Run from the repository root (luqum must be importable):

    python benchmarks/bench_solr_standin.py [--docs 10000] [--repeat 20]

It indexes generated documents shaped like the ones CKAN's index_package
sends, then times the requests CKAN's package_search and friends make, both
through the request handler in-process and over HTTP on 127.0.0.1. Each
figure is set against a baseline measured in the same run: a naive full scan
that lower-cases every document's title and notes to look for the words. It
prints figures; it asserts nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import resource
import statistics
import sys
import threading
import time
import urllib.request
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

TOOLS = Path(__file__).resolve().parents[1] / "tools"
sys.path.insert(0, str(TOOLS))

from solr_standin.schema import Schema  # noqa: E402
from solr_standin.server import SolrStandin, StandinServer  # noqa: E402

FALLBACK_SCHEMA = TOOLS / "solr_standin" / "tests" / "data" / "schema.xml"
SITE_ID = "default"
FACETS = ["organization", "groups", "tags", "res_format", "license_id"]
DISMAX = {
    "defType": "dismax",
    "qf": "name^4 title^4 tags^2 groups^2 text",
    "mm": "2<-1 5<80%",
    "tie": "0.1",
}


def find_schema() -> Path:
    try:
        from solr_standin.__main__ import installed_ckan_schema

        return installed_ckan_schema()
    except SystemExit:
        return FALLBACK_SCHEMA


class Corpus:
    """Deterministic Zipf-distributed vocabulary and dataset documents."""

    def __init__(self, seed: int = 42) -> None:
        self.rng = random.Random(seed)
        syllables = [
            "da",
            "ta",
            "ko",
            "ta",
            "ke",
            "se",
            "ha",
            "tan",
            "pen",
            "du",
            "duk",
            "ang",
            "ga",
            "ran",
            "wi",
            "la",
            "yah",
            "eko",
            "no",
            "mi",
            "pro",
            "vin",
            "si",
            "kab",
            "upa",
            "ten",
            "sta",
            "tis",
            "tik",
            "ling",
        ]
        words: set[str] = set()
        while len(words) < 5000:
            n = self.rng.randint(2, 4)
            words.add("".join(self.rng.choice(syllables) for _ in range(n)))
        self.words = sorted(words)
        self.weights = [1 / (rank + 1) for rank in range(len(self.words))]
        self.tags = self.words[100:400]
        self.orgs = [f"opd-{i:02d}" for i in range(50)]
        self.org_ids = {
            o: str(uuid.UUID(int=self.rng.getrandbits(128))) for o in self.orgs
        }
        self.groups = [f"group-{i:02d}" for i in range(20)]
        self.licenses = [
            "cc-by",
            "cc-by-sa",
            "cc-zero",
            "odc-by",
            "odc-odbl",
            "other-open",
            "other-closed",
            "notspecified",
        ]
        self.formats = ["CSV", "XLSX", "PDF", "JSON", "XML", "ZIP", "SHP", "API"]

    def text(self, n: int) -> str:
        return " ".join(self.rng.choices(self.words, self.weights, k=n)).capitalize()

    def date(self) -> str:
        start = 1_420_070_400  # 2015-01-01
        ts = start + self.rng.randrange(11 * 365 * 86_400)
        return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(ts)) + ".123456Z"

    def dataset(self, i: int) -> dict[str, Any]:
        rng = self.rng
        ident = str(uuid.UUID(int=rng.getrandbits(128)))
        org = rng.choice(self.orgs)
        title = self.text(rng.randint(3, 9))
        name = f"{title.lower().replace(' ', '-')[:80]}-{i}"
        private = rng.random() < 0.2
        resources = [
            {
                "name": self.text(3),
                "description": self.text(rng.randint(5, 20)),
                "format": rng.choice(self.formats),
                "url": f"https://data.example.go.id/{name}/{n}.dat",
                "resource_type": None,
            }
            for n in range(rng.randint(0, 5))
        ]
        pkg: dict[str, Any] = {
            "id": ident,
            "name": name,
            "title": title,
            "notes": self.text(rng.randint(20, 120)),
            "tags": rng.sample(self.tags, rng.randint(0, 8)),
            "groups": rng.sample(self.groups, rng.randint(0, 3)),
            "organization": org,
            "owner_org": self.org_ids[org],
            "license_id": rng.choice(self.licenses),
            "author": self.text(2),
            "maintainer": self.text(2),
            "version": "1.0",
            "state": rng.choices(["active", "draft", "deleted"], [0.9, 0.05, 0.05])[0],
            "private": private,
            "type": "dataset",
            "metadata_created": self.date(),
            "metadata_modified": self.date(),
        }
        labels = [f"member-{pkg['owner_org']}"] if private else ["public"]
        doc = dict(pkg)
        doc.update(
            {
                "index_id": hashlib.md5(f"{ident}{SITE_ID}".encode()).hexdigest(),
                "site_id": SITE_ID,
                "entity_type": "package",
                "dataset_type": "dataset",
                "capacity": "private" if private else "public",
                "permission_labels": labels,
                "title_string": title,
                "num_resources": len(resources),
                "num_tags": len(pkg["tags"]),
                "res_name": [r["name"] for r in resources],
                "res_description": [r["description"] for r in resources],
                "res_format": [r["format"] for r in resources],
                "res_url": [r["url"] for r in resources],
                "res_type": [r["resource_type"] for r in resources],
                "extras_frekuensi": rng.choice(["tahunan", "bulanan", "harian"]),
                "extras_cakupan": self.text(2),
                # CKAN stores the whole package twice as JSON strings.
                "data_dict": json.dumps({**pkg, "resources": resources}),
                "validated_data_dict": json.dumps({**pkg, "resources": resources}),
            }
        )
        return doc


def timed(fn: Callable[[], Any], repeat: int) -> tuple[list[float], Any]:
    result = fn()
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return times, result


def ckan_fq(labels: list[str], extra: str = "") -> list[str]:
    quoted = " OR ".join(f'"{label}"' for label in labels)
    return [
        f"{extra} +state:(active)".strip(),
        f'+site_id:"{SITE_ID}"',
        f"+permission_labels:({quoted})",
    ]


def page_params(q: str, labels: list[str], **extra: Any) -> dict[str, Any]:
    """What package_search sends for the /dataset page."""
    params: dict[str, Any] = {
        "q": q,
        "fq": ckan_fq(labels, extra.pop("fq_extra", "+capacity:public")),
        "facet": "true",
        "facet.field": FACETS,
        "facet.limit": 50,
        "facet.mincount": 1,
        "rows": 21,
        "start": 0,
        "sort": "score desc, metadata_modified desc",
        "fl": "id validated_data_dict",
        "wt": "json",
        "df": "text",
        "q.op": "AND",
    }
    if ":" not in q:
        params.update(DISMAX)
    params.update(extra)
    return params


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--schema", type=Path, default=None)
    args = parser.parse_args()

    schema_path = args.schema or find_schema()
    corpus = Corpus()
    docs = [corpus.dataset(i) for i in range(args.docs)]
    app = SolrStandin(Schema.from_file(schema_path))

    start = time.perf_counter()
    for i in range(0, len(docs), 500):
        body = json.dumps(docs[i : i + 500]).encode()
        status, _, payload = app.handle(
            "POST", "/solr/ckan/update/", "", body, "application/json"
        )
        assert status == 200, payload
    app.handle("POST", "/solr/ckan/update/", "commit=true", b"<commit/>", "text/xml")
    index_seconds = time.perf_counter() - start
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    server = StandinServer(app, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/solr/ckan/select/"

    word = corpus.words[3]
    three = " ".join(corpus.words[i] for i in (5, 40, 300))
    sample = docs[123]
    phrase = " ".join(sample["title"].split()[:2])
    member_of = ["public"] + [f"member-{corpus.org_ids[o]}" for o in corpus.orgs[:3]]

    # Baseline: answer the one-word search by scanning every document.
    def full_scan() -> int:
        needle = word.lower()
        return sum(
            1
            for d in docs
            if needle in d["title"].lower().split()
            or needle in d["notes"].lower().split()
        )

    baseline_times, baseline_hits = timed(full_scan, args.repeat)
    baseline = statistics.median(baseline_times)

    cases: list[tuple[str, dict[str, Any]]] = [
        ("*:* bare (rows=0)", {"q": "*:*", "rows": 0, "wt": "json"}),
        ("/dataset page: *:*, anon fq, 5 facets, sort", page_params("*:*", ["public"])),
        ("dismax 1 word, anon, facets", page_params(word, ["public"])),
        (
            "dismax 3 words, member of 3 orgs, private",
            page_params(three, member_of, fq_extra=""),
        ),
        ("dismax phrase", page_params(f'"{phrase}"', ["public"])),
        (
            "fielded: tags + res_format, sort title_string",
            page_params(
                f'tags:"{corpus.tags[0]}" OR res_format:CSV',
                ["public"],
                sort="title_string asc",
            ),
        ),
        (
            "fq organization + tags facet filter",
            page_params(
                "*:*",
                ["public"],
                fq_extra=f'organization:"opd-07" tags:"{corpus.tags[1]}" '
                "+capacity:public",
            ),
        ),
        (
            "date range fq [NOW-1YEAR TO NOW]",
            page_params(
                "*:*", ["public"], fq_extra="+metadata_modified:[NOW-1YEAR TO NOW]"
            ),
        ),
        ("wildcard name:da*", page_params("name:da*", ["public"])),
        (
            "org dataset count (facet=false, rows=0)",
            {
                "q": "*:*",
                "fq": f'+capacity:public +owner_org:"{sample["owner_org"]}" '
                "+state:(active)",
                "facet": "false",
                "rows": 0,
                "wt": "json",
            },
        ),
        (
            "group/org facet listing (facet.limit=-1)",
            {
                "q": "*:*",
                "fq": [
                    "dataset_type:dataset",
                    f'+site_id:"{SITE_ID}"',
                    "+state:active",
                ],
                "fl": "groups",
                "facet": "true",
                "facet.field": ["groups", "owner_org"],
                "facet.limit": -1,
                "rows": 1,
                "wt": "json",
            },
        ),
        (
            "get_index: name:x OR id:x",
            {
                "q": f'name:"{sample["name"]}" OR id:"{sample["name"]}"',
                "fq": f'+site_id:"{SITE_ID}" +entity_type:package',
                "rows": 1,
                "wt": "json",
            },
        ),
    ]

    print(f"schema            {schema_path}")
    print(f"documents         {len(docs)}")
    print(
        f"indexing          {index_seconds:.1f} s "
        f"({len(docs) / index_seconds:.0f} docs/s)"
    )
    print(f"peak RSS          {rss_mb:.0f} MB")
    print(
        f"baseline          naive full scan for '{word}': median {baseline:.1f} ms "
        f"({baseline_hits} hits)"
    )
    print()
    header = (
        f"{'query':46} {'hits':>6} {'median ms':>10} {'p95 ms':>8} "
        f"{'HTTP ms':>8} {'/scan':>6}"
    )
    print(header)
    print("-" * len(header))
    worst = 0.0
    for label, params in cases:
        query = urlencode(params, doseq=True)

        def in_process(query: str = query) -> dict[str, Any]:
            status, _, payload = app.handle("GET", "/solr/ckan/select/", query, b"", "")
            assert status == 200, payload
            return json.loads(payload)

        def over_http(query: str = query) -> bytes:
            with urllib.request.urlopen(f"{base}?{query}", timeout=30) as resp:
                return resp.read()

        times, result = timed(in_process, args.repeat)
        http_times, _ = timed(over_http, args.repeat)
        median = statistics.median(times)
        p95 = sorted(times)[int(0.95 * (len(times) - 1))]
        http_median = statistics.median(http_times)
        worst = max(worst, http_median)
        hits = result["response"]["numFound"]
        print(
            f"{label:46} {hits:>6} {median:>10.1f} {p95:>8.1f} {http_median:>8.1f} "
            f"{median / baseline:>6.2f}"
        )
    server.shutdown()
    server.server_close()
    print()
    print(f"slowest median over HTTP: {worst:.1f} ms (target: well under 1000 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
