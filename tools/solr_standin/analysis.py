"""Text analysis: the tokenizers and filters CKAN's schema.xml declares.

A token is ``(text, position)``. Positions matter for phrase queries, so every
stage keeps them the way Lucene would (word-delimiter parts advance the
position, catenated forms share the position of their first part).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from .stemmer import stem

log = logging.getLogger(__name__)

Token = tuple[str, int]
Tokenizer = Callable[[str], list[Token]]
TokenFilter = Callable[[list[Token]], list[Token]]

# Lucene's WordDelimiterIterator character classes.
_LOWER, _UPPER, _DIGIT, _DELIM = 1, 2, 4, 8
_ALPHA = _LOWER | _UPPER


def _char_class(c: str) -> int:
    category = unicodedata.category(c)
    if category == "Lu":
        return _UPPER
    if category == "Ll":
        return _LOWER
    if category[0] == "L" or category[0] == "M":
        return _ALPHA
    if category[0] == "N":
        return _DIGIT
    return _DELIM


def whitespace_tokenizer(text: str) -> list[Token]:
    return [(word, i) for i, word in enumerate(text.split())]


_STANDARD_WORD = re.compile(r"\w+(?:['.]\w+)*", re.UNICODE)


def standard_tokenizer(text: str) -> list[Token]:
    # An approximation of Unicode word segmentation (UAX#29), good enough for
    # the Latin-script text datasets carry.
    return [(m.group(), i) for i, m in enumerate(_STANDARD_WORD.finditer(text))]


def keyword_tokenizer(text: str) -> list[Token]:
    return [(text, 0)] if text else []


def lowercase_filter(tokens: list[Token]) -> list[Token]:
    return [(t.lower(), p) for t, p in tokens]


# Letters whose NFKD decomposition does not reach ASCII but which Lucene's
# ASCIIFoldingFilter still folds.
_FOLD_EXTRA = {
    "ß": "ss",
    "æ": "ae",
    "Æ": "AE",
    "ø": "o",
    "Ø": "O",
    "œ": "oe",
    "Œ": "OE",
    "ł": "l",
    "Ł": "L",
    "đ": "d",
    "Đ": "D",
    "ð": "d",
    "Ð": "D",
    "þ": "th",
    "Þ": "TH",
    "ı": "i",
    "ĸ": "q",
    "ŋ": "n",
    "Ŋ": "N",
}


def fold_to_ascii(text: str) -> str:
    if text.isascii():
        return text
    out: list[str] = []
    for c in text:
        if c.isascii():
            out.append(c)
        elif c in _FOLD_EXTRA:
            out.append(_FOLD_EXTRA[c])
        else:
            base = "".join(
                d
                for d in unicodedata.normalize("NFKD", c)
                if not unicodedata.combining(d)
            )
            out.append(base if base and base.isascii() else c)
    return "".join(out)


def ascii_folding_filter(tokens: list[Token]) -> list[Token]:
    return [(fold_to_ascii(t), p) for t, p in tokens]


# Vocabularies repeat a lot; stemming each distinct word once keeps indexing fast.
_cached_stem = lru_cache(maxsize=200_000)(stem)


def english_stem_filter(tokens: list[Token]) -> list[Token]:
    return [(_cached_stem(t), p) for t, p in tokens]


@dataclass(frozen=True)
class WordDelimiterOptions:
    generate_word_parts: bool = True
    generate_number_parts: bool = True
    catenate_words: bool = False
    catenate_numbers: bool = False
    catenate_all: bool = False
    split_on_case_change: bool = True
    split_on_numerics: bool = True
    stem_english_possessive: bool = True
    preserve_original: bool = False


@lru_cache(maxsize=200_000)
def _split_subwords(
    word: str, opts: WordDelimiterOptions
) -> tuple[tuple[str, int], ...]:
    """Split one whitespace token into (subword, class) pairs, Lucene style.

    Cached: the per-character scan is the costliest step of indexing and
    words repeat a lot.
    """
    parts: list[tuple[str, int]] = []
    start = -1
    last = 0
    for i, c in enumerate(word):
        cls = _char_class(c)
        if cls == _DELIM:
            if start >= 0:
                parts.append((word[start:i], last))
                start = -1
            last = cls
            continue
        if start >= 0 and _is_break(last, cls, opts):
            parts.append((word[start:i], last))
            start = -1
        if start < 0:
            start = i
        last = cls
    if start >= 0:
        parts.append((word[start:], last))
    if opts.stem_english_possessive and len(parts) >= 2:
        text, cls = parts[-1]
        # "O'Neil's" splits into O, Neil, s; the trailing "s" after an
        # apostrophe is a possessive, not a word part.
        if text in ("s", "S") and word[-2:] in ("'s", "'S", "’s", "’S"):
            parts.pop()
    return tuple((text, _DIGIT if cls == _DIGIT else _ALPHA) for text, cls in parts)


def _is_break(last: int, cls: int, opts: WordDelimiterOptions) -> bool:
    if last & cls:
        return False
    if last & _ALPHA and cls & _ALPHA:
        if not opts.split_on_case_change:
            return False
        if last == _UPPER:
            return False
    if not opts.split_on_numerics and (
        (last & _ALPHA and cls == _DIGIT) or (last == _DIGIT and cls & _ALPHA)
    ):
        return False
    return True


def word_delimiter_filter(opts: WordDelimiterOptions) -> TokenFilter:
    def apply(tokens: list[Token]) -> list[Token]:
        out: list[Token] = []
        position = 0
        for text, _ in tokens:
            parts = _split_subwords(text, opts)
            if not parts:
                continue
            emitted: list[Token] = []
            if opts.preserve_original and (len(parts) > 1 or parts[0][0] != text):
                emitted.append((text, position))
            for i, (part, cls) in enumerate(parts):
                wanted = (
                    opts.generate_number_parts
                    if cls == _DIGIT
                    else opts.generate_word_parts
                )
                if wanted:
                    emitted.append((part, position + i))
            emitted.extend(_catenations(parts, position, opts))
            out.extend(emitted)
            position += len(parts)
        return out

    return apply


def _catenations(
    parts: Sequence[tuple[str, int]], position: int, opts: WordDelimiterOptions
) -> Iterable[Token]:
    if len(parts) < 2:
        return []
    if opts.catenate_all:
        return [("".join(p for p, _ in parts), position)]
    out: list[Token] = []
    run_start = 0
    for i in range(1, len(parts) + 1):
        if i == len(parts) or parts[i][1] != parts[run_start][1]:
            if i - run_start > 1:
                cls = parts[run_start][1]
                if (cls == _DIGIT and opts.catenate_numbers) or (
                    cls != _DIGIT and opts.catenate_words
                ):
                    out.append(
                        (
                            "".join(p for p, _ in parts[run_start:i]),
                            position + run_start,
                        )
                    )
            run_start = i
    return out


@dataclass
class Analyzer:
    tokenizer: Tokenizer
    filters: list[TokenFilter] = field(default_factory=list)
    # Wildcard, prefix, fuzzy and range terms skip tokenizing and stemming and
    # only get these normalizations (Solr's "multi-term aware" filters).
    multiterm_filters: list[TokenFilter] = field(default_factory=list)
    # (min, max) gram sizes when the tokenizer emits n-grams.
    ngram: tuple[int, int] | None = None

    def analyze(self, text: str) -> list[Token]:
        tokens = self.tokenizer(text)
        for f in self.filters:
            tokens = f(tokens)
        return tokens

    def normalize(self, text: str) -> str:
        tokens = [(text, 0)]
        for f in self.multiterm_filters:
            tokens = f(tokens)
        return tokens[0][0]


def _flag(attrs: dict[str, str], name: str, default: bool) -> bool:
    value = attrs.get(name)
    if value is None:
        return default
    return value.strip().lower() in ("1", "true", "yes", "on")


def _short_name(cls: str) -> str:
    return cls.rsplit(".", 1)[-1].removesuffix("Factory")


def build_tokenizer(cls: str, attrs: dict[str, str]) -> Tokenizer:
    name = _short_name(cls)
    if name == "WhitespaceTokenizer":
        return whitespace_tokenizer
    if name in ("StandardTokenizer", "ClassicTokenizer", "UAX29URLEmailTokenizer"):
        return standard_tokenizer
    if name == "KeywordTokenizer":
        return keyword_tokenizer
    log.warning("unsupported tokenizer %s, using whitespace tokenization", cls)
    return whitespace_tokenizer


def build_filter(cls: str, attrs: dict[str, str]) -> tuple[TokenFilter | None, bool]:
    """The filter (None when it is a no-op here) and whether it is multi-term aware."""
    name = _short_name(cls)
    if name in ("WordDelimiterGraphFilter", "WordDelimiterFilter"):
        opts = WordDelimiterOptions(
            generate_word_parts=_flag(attrs, "generateWordParts", True),
            generate_number_parts=_flag(attrs, "generateNumberParts", True),
            catenate_words=_flag(attrs, "catenateWords", False),
            catenate_numbers=_flag(attrs, "catenateNumbers", False),
            catenate_all=_flag(attrs, "catenateAll", False),
            split_on_case_change=_flag(attrs, "splitOnCaseChange", True),
            split_on_numerics=_flag(attrs, "splitOnNumerics", True),
            stem_english_possessive=_flag(attrs, "stemEnglishPossessive", True),
            preserve_original=_flag(attrs, "preserveOriginal", False),
        )
        return word_delimiter_filter(opts), False
    if name == "LowerCaseFilter":
        return lowercase_filter, True
    if name == "ASCIIFoldingFilter":
        return ascii_folding_filter, True
    if name in ("SnowballPorterFilter", "PorterStemFilter"):
        language = attrs.get("language", "English")
        if language.lower() in ("english", "porter"):
            return english_stem_filter, False
        log.warning("stemming language %s is not supported, not stemming", language)
        return None, False
    if name in (
        "FlattenGraphFilter",
        "SynonymGraphFilter",
        "SynonymFilter",
        "StopFilter",
    ):
        # Flattening is implicit in how positions are kept; CKAN's synonym and
        # stop word files are empty and are not shipped with the schema.
        return None, False
    log.warning("unsupported token filter %s is ignored", cls)
    return None, False


def build_analyzer(
    tokenizer: tuple[str, dict[str, str]], filters: list[tuple[str, dict[str, str]]]
) -> Analyzer:
    cls, attrs = tokenizer
    if _short_name(cls) == "NGramTokenizer":
        sizes = (int(attrs.get("minGramSize", "1")), int(attrs.get("maxGramSize", "2")))
        # The index keeps whole values and matches grams as substrings of them.
        analyzer = Analyzer(keyword_tokenizer, ngram=sizes)
    else:
        analyzer = Analyzer(build_tokenizer(cls, attrs))
    for cls, attrs in filters:
        f, multiterm = build_filter(cls, attrs)
        if f is not None:
            analyzer.filters.append(f)
            if multiterm:
                analyzer.multiterm_filters.append(f)
    return analyzer
