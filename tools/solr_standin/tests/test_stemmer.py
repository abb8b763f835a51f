from __future__ import annotations

import pytest

from solr_standin.stemmer import stem

# Expected stems agree with the Snowball project's English stemmer.
VECTORS = {
    "datasets": "dataset",
    "dataset": "dataset",
    "running": "run",
    "runs": "run",
    "generously": "generous",
    "butterflies": "butterfli",
    "bees": "bee",
    "government": "govern",
    "expenditure": "expenditur",
    "national": "nation",
    "relational": "relat",
    "happiness": "happi",
    "hopefully": "hope",
    "caresses": "caress",
    "ponies": "poni",
    "ties": "tie",
    "cries": "cri",
    "gas": "gas",
    "gaps": "gap",
    "kiwis": "kiwi",
    "agreed": "agre",
    "feed": "feed",
    "hoping": "hope",
    "hopping": "hop",
    "cry": "cri",
    "say": "say",
    "by": "by",
    "skies": "sky",
    "news": "news",
    "proceed": "proceed",
    "generate": "generat",
    "communism": "communism",
    "conditional": "condit",
    "effective": "effect",
    "adjustment": "adjust",
    "controllable": "control",
    "roll": "roll",
    "population": "popul",
    "statistics": "statist",
    "records": "record",
    "organizations": "organ",
    "owner's": "owner",
}


@pytest.mark.parametrize(("word", "expected"), sorted(VECTORS.items()))
def test_stem(word: str, expected: str) -> None:
    assert stem(word) == expected


def test_short_words_are_kept() -> None:
    assert stem("is") == "is"
    assert stem("a") == "a"
