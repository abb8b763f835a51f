"""The crawl of issue 12: every page the public and each demo role reach.

The demo portal of ``make run`` is built in the test database (the demo
loader itself), served by ``ckan run`` with the ``id`` locale, and walked
breadth-first in Debian's chromium: anonymously, then logged in through the
login form as each demo account. Only same-origin GET links are followed,
never logout, downloads, the API or anything that changes state. Each page
is checked for

- English UI text (words of :data:`ENGLISH`, less the names of
  :data:`ALLOWED`), read from the page once CKAN's modules have rendered
  theirs in the language's JavaScript translations,
- horizontal overflow at 1366x900 and at 390x844 (a phone),
- exactly one ``h1`` (the page's own heading; CKAN's site title is not one),
- serious and critical axe-core violations (once a page kind).

The counts are printed (``-s`` shows them) and any finding fails the test
with the list of what was found where. Screenshots of every page visited
at both widths go to ``SATUDATA_CRAWL_SCREENSHOTS`` when it is set.
"""
from __future__ import annotations

import importlib
import os
import re
import sys
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urljoin, urlsplit

import ckan.model as model
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright import sync_api
from playwright.sync_api import expect

from ..workflow.servers import ROOT, ckan_server

WIDTHS = ((1366, 900), (390, 844))
# Pages per account: the BFS stops there (each page kind once, see _kind).
CAP = 25
SCREENSHOTS = os.environ.get("SATUDATA_CRAWL_SCREENSHOTS")

# Never followed: leaving the session, the API, files, feeds, other
# languages, and every route that acts (they are POST forms, but a GET of
# them would still be a page the reader never sees).
SKIP = re.compile(
    r"^/(api|feeds|webassets|base|uploads|dataset/[^/]+/resource/[^/]+/download)(/|$)"
    r"|^/user/(_?logout|reset)"
    r"|^/(?!id/)[a-z]{2}(_[A-Za-z]{2,4})?(/|$)"
    r"|/(unduh|export|download|delete|hapus|follow|unfollow|cabut|establish|revoke)(/|$)"
    r"|\.(csv|xlsx|json|jsonld|pdf|xml|rdf|ttl|n3|zip|ics)$"
)

# Words that are English and never Bahasa Indonesia on these pages
# (``data``, ``status``, ``format``, ``total``, ``dataset``, ``portal``,
# ``email``, ``token`` and ``no.`` are both, so they are not here).
ENGLISH = frozenset("""
the and or of to in on at by for with from into is are was were be been has
have had this that these those it its you your we our they their there here
what which who when where why how all any some more less most not only also
than then yes none true false add edit delete remove create update save cancel
submit search show hide view views home about login logout log sign register
password username dashboard activity stream news feed followers follow
following unfollow organizations organization groups group datasets resources
resource license licenses tags formats order relevance ascending descending
popular modified last created updated additional info information field value
author maintainer version state active deleted draft private public results
found filter filters clear page previous next first back download explore
preview manage members member role roles settings profile user users name
title description upload error errors required optional select choose file
files please click loading close toggle navigation menu content skip main
powered language contact report check date time year type types size unknown
never today ago just now seconds minutes hours days yesterday trash welcome new
my everything changes change history embed share links go sort by unknown
""".split())

# Names, standards and licence titles that stay as they are.
ALLOWED = (
    "CKAN", "API", "CSV", "JSON", "XLSX", "DCAT", "Table Schema", "Frictionless",
    "Open Data Commons Attribution License",
    "Open Data Commons Open Database License", "Open Database License",
    "Open Data Commons Public Domain Dedication and License",
    "Creative Commons", "Attribution", "Share-Alike", "Non-Commercial",
    "GNU Free Documentation License", "UK Open Government Licence", "Other",
)
# Addresses and paths are not words (the dataset URL's prefix, placeholders).
ADDRESS = re.compile(r"\S*(://|/)\S*")

TEXTS = """() => {
  const skip = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'CODE', 'PRE']);
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    let p = n.parentElement, skipped = false;
    for (; p; p = p.parentElement) if (skip.has(p.tagName)) { skipped = true; break; }
    if (!skipped && n.textContent.trim()) out.push(n.textContent.trim());
  }
  const attributes = ['title', 'placeholder', 'aria-label', 'alt'];
  for (const el of document.querySelectorAll(attributes.map(a => `[${a}]`).join())) {
    for (const a of attributes)
      if (el.getAttribute(a)) out.push(el.getAttribute(a));
  }
  for (const el of document.querySelectorAll('input[type=submit],input[type=button]'))
    if (el.value) out.push(el.value);
  out.push(document.title);
  return out;
}"""
# CKAN's modules render their text (upload buttons, select2's prompts) once
# the page's JavaScript translations have arrived from /api/i18n/<lang>
# (main.js): the text is read after that. "Cancel" is in every id catalogue.
MODULES_READY = ("() => !(window.ckan && ckan.i18n)"
                 " || ckan.i18n._('Cancel') !== 'Cancel'")
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
WIDEST = """() => {
  const w = window.innerWidth;
  const clipped = e => {
    for (let p = e.parentElement; p; p = p.parentElement)
      if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX))
        return true;
    return false;
  };
  return [...document.querySelectorAll('body *')]
    .filter(e => e.getBoundingClientRect().right > w + 1 && !clipped(e))
    .slice(0, 3)
    .map(e => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string'
      ? '.' + e.className.trim().split(/\\s+/).join('.') : ''));
}"""


def _english(texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        text = ADDRESS.sub(" ", text)
        for name in ALLOWED:
            text = text.replace(name, " ")
        words = [w for w in re.findall(r"[A-Za-z]+", text) if w.lower() in ENGLISH]
        if words:
            found.append(text.strip()[:80])
    return sorted(set(found))


@dataclass
class Crawl:
    """What one account met."""

    who: str
    visited: list[str] = field(default_factory=list)
    english: list[str] = field(default_factory=list)
    overflow: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    axe: list[str] = field(default_factory=list)

    def findings(self) -> list[str]:
        return [f"{self.who}: {f}" for f in
                (*self.english, *self.overflow, *self.headings, *self.axe)]


@pytest.fixture
def demo(clean_db, clean_index, with_request_context) -> set[str]:
    """The demo portal of ``make run``; gives the names and ids its pages
    carry in their paths (see _kind)."""
    scripts = os.path.join(ROOT, "scripts")
    sys.path.insert(0, scripts)
    try:
        demo_data = importlib.import_module("demo_data")
    finally:
        sys.path.remove(scripts)
    demo_data.load_portal()
    names: set[str] = set()
    for table in (model.Package, model.Group, model.User, model.Resource):
        for row in model.Session.query(table):
            names.update({row.id, getattr(row, "name", row.id)})
    return names


@pytest.fixture
def server(demo, tmp_path) -> Iterator[str]:
    with ckan_server({}, tmp_path) as url:
        yield url


def _kind(path: str, names: set[str]) -> str:
    """The page's kind: its path with the names of things as ``*``
    (``/dataset/a/resource/b`` and ``/dataset/c/resource/d`` are one kind)."""
    def named(part: str) -> bool:
        return part in names or bool(re.fullmatch(r"[\d.-]+|[0-9a-f-]{32,}", part))

    return "/".join("*" if named(p) else p for p in path.rstrip("/").split("/"))


def _login(page: sync_api.Page, who: str) -> None:
    page.goto("/user/login")
    page.fill("#field-login", who)
    page.fill("#field-password", "SatuData-2026")
    page.locator("form:has(#field-login) button[type=submit]").click()
    expect(page).not_to_have_url(re.compile(r"/user/log"))


def _links(page: sync_api.Page, origin: str) -> list[str]:
    hrefs: list[str] = page.locator("a[href]").evaluate_all(
        "links => links.map(a => a.href)")
    found = []
    for href in hrefs:
        url = urldefrag(urljoin(page.url, href))[0]
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" != origin or SKIP.search(parts.path):
            continue
        found.append(url)
    return found


def _check(page: sync_api.Page, crawl: Crawl, url: str, axe: Axe | None) -> None:
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    try:
        page.wait_for_function(MODULES_READY, timeout=10_000)
    except sync_api.TimeoutError:
        crawl.english.append(f"{path}: no Indonesian JavaScript translations")
    crawl.english += [f"{path}: English «{t}»" for t in _english(page.evaluate(TEXTS))]
    h1 = page.locator("h1").count()
    if h1 != 1:
        crawl.headings.append(f"{path}: {h1} h1 elements")
    if axe is not None:
        result = axe.run(page)
        for violation in result.response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [n["target"] for n in violation["nodes"]][:3]
                crawl.axe.append(f"{path}: axe {violation['id']}"
                                 f" ({violation['impact']}) {targets}")
    for width, height in WIDTHS:
        if width != WIDTHS[0][0]:
            # loaded at that width, as a phone does: scripts size some
            # widgets once, at load
            page.set_viewport_size({"width": width, "height": height})
            page.reload()
        extra = page.evaluate(OVERFLOW)
        if extra > 0:
            crawl.overflow.append(f"{path}: {extra}px too wide at {width}px"
                                  f" {page.evaluate(WIDEST)}")
        if SCREENSHOTS:
            name = re.sub(r"\W+", "_", f"{crawl.who}{path}")[:120]
            page.screenshot(path=f"{SCREENSHOTS}/{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": WIDTHS[0][0], "height": WIDTHS[0][1]})


def _crawl(chromium: sync_api.Browser, origin: str, who: str, names: set[str],
           axed: set[str]) -> Crawl:
    crawl = Crawl(who)
    context = chromium.new_context(base_url=origin, locale="id-ID",
                                  viewport={"width": 1366, "height": 900})
    context.set_default_timeout(20_000)
    page = context.new_page()
    if who != "anonymous":
        _login(page, who)
    queue = deque([f"{origin}/", f"{origin}/dashboard/"] if who != "anonymous"
                  else [f"{origin}/"])
    seen: set[str] = set()
    axe = Axe()
    try:
        while queue and len(crawl.visited) < CAP:
            url = queue.popleft()
            kind = _kind(urlsplit(url).path, names)
            if kind in seen:
                continue
            seen.add(kind)
            response = page.goto(url)
            kind_of_body = response.headers.get("content-type", "") if response else ""
            if response is None or "text/html" not in kind_of_body:
                continue
            if response.status >= 500:
                crawl.english.append(f"{url}: HTTP {response.status}")
            crawl.visited.append(kind)
            first_of_kind = kind not in axed
            axed.add(kind)
            _check(page, crawl, page.url, axe if first_of_kind else None)
            queue.extend(_links(page, origin))
    finally:
        context.close()
    return crawl


ACCOUNTS = ("anonymous", "admin", "walidata", "forum", "pembina", "produsen",
            "admin-opd", "kepala-opd", "produsen-dinkes")


def test_every_page_is_indonesian_fits_and_passes_axe(
        browser, server, demo):
    axed: set[str] = set()
    crawls = [_crawl(browser, server, who, demo, axed) for who in ACCOUNTS]
    print()
    for c in crawls:
        print(f"crawl {c.who:<16} pages {len(c.visited):>3}"
              f"  English {len(c.english):>3}  overflow {len(c.overflow):>3}"
              f"  h1 {len(c.headings):>3}  axe {len(c.axe):>3}")
    findings = [f for c in crawls for f in c.findings()]
    print(f"crawl total: pages {sum(len(c.visited) for c in crawls)},"
          f" findings {len(findings)}")
    assert all(c.visited for c in crawls)
    assert not findings, "\n".join(findings)
