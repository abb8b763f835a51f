"""The stylesheet as a browser parses it: a brace left open (a merge that
lost one) silently moves every later rule into the last media query."""
from __future__ import annotations

import re
from pathlib import Path

CSS = Path(__file__).parents[2] / "assets" / "satudata.css"


def test_every_block_of_the_stylesheet_is_closed():
    text = re.sub(r"/\*.*?\*/", "", CSS.read_text(), flags=re.S)
    depth = 0
    for number, line in enumerate(text.splitlines(), 1):
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"line {number} closes a block that is not open"
        if line.startswith("@media"):
            assert depth == 1, f"line {number}: a media query inside another block"
    assert depth == 0
