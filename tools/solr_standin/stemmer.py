"""The Snowball English (Porter2) stemmer, as used by Solr's
``SnowballPorterFilterFactory language="English"`` in CKAN's ``text`` type.

Implemented here because the stand-in may depend on nothing but luqum; the
algorithm follows https://snowballstem.org/algorithms/english/stemmer.html
(the variant Lucene ships, whose only special R1 prefixes are gener, commun
and arsen).
"""

from __future__ import annotations

_VOWELS = frozenset("aeiouy")
_DOUBLES = ("bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt")
_LI_ENDINGS = frozenset("cdeghkmnrt")

_EXCEPTIONS = {
    "skis": "ski",
    "skies": "sky",
    "dying": "die",
    "lying": "lie",
    "tying": "tie",
    "idly": "idl",
    "gently": "gentl",
    "ugly": "ugli",
    "early": "earli",
    "only": "onli",
    "singly": "singl",
    "sky": "sky",
    "news": "news",
    "howe": "howe",
    "atlas": "atlas",
    "cosmos": "cosmos",
    "bias": "bias",
    "andes": "andes",
}
_AFTER_STEP_1A = frozenset(
    (
        "inning",
        "outing",
        "canning",
        "herring",
        "earring",
        "proceed",
        "exceed",
        "succeed",
    )
)

_STEP2 = (
    ("ization", "ize"),
    ("ational", "ate"),
    ("fulness", "ful"),
    ("ousness", "ous"),
    ("iveness", "ive"),
    ("tional", "tion"),
    ("biliti", "ble"),
    ("lessli", "less"),
    ("entli", "ent"),
    ("ation", "ate"),
    ("alism", "al"),
    ("aliti", "al"),
    ("ousli", "ous"),
    ("iviti", "ive"),
    ("fulli", "ful"),
    ("enci", "ence"),
    ("anci", "ance"),
    ("abli", "able"),
    ("izer", "ize"),
    ("ator", "ate"),
    ("alli", "al"),
    ("bli", "ble"),
    ("ogi", "og"),
    ("li", ""),
)
_STEP3 = (
    ("ational", "ate"),
    ("tional", "tion"),
    ("alize", "al"),
    ("icate", "ic"),
    ("iciti", "ic"),
    ("ative", ""),
    ("ical", "ic"),
    ("ness", ""),
    ("ful", ""),
)
_STEP4 = (
    "ement",
    "ance",
    "ence",
    "able",
    "ible",
    "ment",
    "ant",
    "ent",
    "ism",
    "ate",
    "iti",
    "ous",
    "ive",
    "ize",
    "ion",
    "al",
    "er",
    "ic",
)


def _is_vowel(word: str, i: int) -> bool:
    return word[i] in _VOWELS


def _region_after_vc(word: str, start: int) -> int:
    """Index just after the first non-vowel that follows a vowel, from start."""
    for i in range(start + 1, len(word)):
        if not _is_vowel(word, i) and _is_vowel(word, i - 1):
            return i + 1
    return len(word)


def _ends_short_syllable(word: str, end: int) -> bool:
    """Whether word[:end] ends in a short syllable."""
    if end == 2:
        return _is_vowel(word, 0) and not _is_vowel(word, 1)
    if end < 3:
        return False
    return (
        not _is_vowel(word, end - 3)
        and _is_vowel(word, end - 2)
        and not _is_vowel(word, end - 1)
        and word[end - 1] not in "wxY"
    )


def _has_vowel(word: str) -> bool:
    return any(c in _VOWELS for c in word)


def stem(word: str) -> str:
    """Stem one lower-case token."""
    if len(word) <= 2:
        return word
    if word in _EXCEPTIONS:
        return _EXCEPTIONS[word]
    if word.startswith("'"):
        word = word[1:]
    chars = list(word)
    for i, c in enumerate(chars):
        if c == "y" and (i == 0 or chars[i - 1] in _VOWELS):
            chars[i] = "Y"
    w = "".join(chars)

    for prefix in ("gener", "commun", "arsen"):
        if w.startswith(prefix):
            r1 = len(prefix)
            break
    else:
        r1 = _region_after_vc(w, 0)
    r2 = _region_after_vc(w, r1)

    # Step 0: possessives.
    for suffix in ("'s'", "'s", "'"):
        if w.endswith(suffix):
            w = w[: -len(suffix)]
            break

    # Step 1a: plurals.
    if w.endswith("sses"):
        w = w[:-2]
    elif w.endswith(("ied", "ies")):
        w = w[:-2] if len(w) > 4 else w[:-1]
    elif w.endswith(("us", "ss")):
        pass
    elif w.endswith("s") and _has_vowel(w[:-2]):
        w = w[:-1]
    if w in _AFTER_STEP_1A:
        return w

    # Step 1b: -ed and -ing forms.
    if w.endswith(("eedly", "eed")):
        suffix = "eedly" if w.endswith("eedly") else "eed"
        if len(w) - len(suffix) >= r1:
            w = w[: -len(suffix)] + "ee"
    else:
        for suffix in ("ingly", "edly", "ing", "ed"):
            if w.endswith(suffix):
                stem_part = w[: -len(suffix)]
                if _has_vowel(stem_part):
                    w = stem_part
                    if w.endswith(("at", "bl", "iz")):
                        w += "e"
                    elif w.endswith(_DOUBLES):
                        w = w[:-1]
                    elif r1 >= len(w) and _ends_short_syllable(w, len(w)):
                        w += "e"
                break

    # Step 1c: a final y after a consonant that is not the first letter.
    if len(w) > 2 and w[-1] in "yY" and w[-2] not in _VOWELS:
        w = w[:-1] + "i"

    # Step 2.
    for suffix, replacement in _STEP2:
        if w.endswith(suffix):
            if len(w) - len(suffix) >= r1:
                if suffix == "ogi":
                    if w[-4] == "l":
                        w = w[:-3] + replacement
                elif suffix == "li":
                    if len(w) > 2 and w[-3] in _LI_ENDINGS:
                        w = w[:-2]
                else:
                    w = w[: -len(suffix)] + replacement
            break

    # Step 3.
    for suffix, replacement in _STEP3:
        if w.endswith(suffix):
            if len(w) - len(suffix) >= r1:
                if suffix == "ative":
                    if len(w) - len(suffix) >= r2:
                        w = w[: -len(suffix)]
                else:
                    w = w[: -len(suffix)] + replacement
            break

    # Step 4.
    for suffix in _STEP4:
        if w.endswith(suffix):
            if len(w) - len(suffix) >= r2:
                if suffix == "ion":
                    if len(w) > 3 and w[-4] in "st":
                        w = w[:-3]
                else:
                    w = w[: -len(suffix)]
            break

    # Step 5.
    if w.endswith("e"):
        end = len(w) - 1
        if end >= r2 or (end >= r1 and not _ends_short_syllable(w, end)):
            w = w[:-1]
    elif w.endswith("l") and len(w) - 1 >= r2 and len(w) > 1 and w[-2] == "l":
        w = w[:-1]

    return w.replace("Y", "y")
