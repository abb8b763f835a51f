from __future__ import annotations

from solr_standin.schema import Schema


def _index(schema: Schema, field: str, text: str) -> list[tuple[str, int]]:
    analyzer = schema.required_field(field).type.index_analyzer
    assert analyzer is not None
    return analyzer.analyze(text)


def _query(schema: Schema, field: str, text: str) -> list[tuple[str, int]]:
    analyzer = schema.required_field(field).type.query_analyzer
    assert analyzer is not None
    return analyzer.analyze(text)


def test_hyphenated_words_split_and_catenate_at_index_time(schema: Schema) -> None:
    assert _index(schema, "text", "first-record") == [
        ("first", 0),
        ("record", 1),
        ("firstrecord", 0),
    ]
    assert _query(schema, "text", "first-record") == [("first", 0), ("record", 1)]


def test_case_change_numbers_and_possessives(schema: Schema) -> None:
    assert [t for t, _ in _query(schema, "text", "PowerShot")] == ["power", "shot"]
    assert [t for t, _ in _query(schema, "text", "XMLParser")] == ["xmlparser"]
    assert [t for t, _ in _query(schema, "text", "wifi2000")] == ["wifi", "2000"]
    assert [t for t, _ in _query(schema, "text", "O'Neil's")] == ["o", "neil"]
    assert _index(schema, "text", "2014-03-22") == [
        ("2014", 0),
        ("03", 1),
        ("22", 2),
        ("20140322", 0),
    ]


def test_punctuation_only_tokens_vanish_and_positions_stay_dense(
    schema: Schema,
) -> None:
    assert _query(schema, "text", "surprise. - now") == [("surpris", 0), ("now", 1)]


def test_lowercase_stemming_and_ascii_folding(schema: Schema) -> None:
    assert _query(schema, "text", "Número Datasets Straße") == [
        ("numero", 0),
        ("dataset", 1),
        ("strasse", 2),
    ]
    # text_general lowercases but neither stems nor folds.
    assert _query(schema, "author", "Número Datasets") == [
        ("número", 0),
        ("datasets", 1),
    ]


def test_non_latin_letters_are_word_characters(schema: Schema) -> None:
    assert _query(schema, "text", "Flexible \u30a1") == [("flexibl", 0), ("\u30a1", 1)]


def test_multiterm_normalisation_only_lowercases_and_folds(schema: Schema) -> None:
    analyzer = schema.required_field("text").type.query_analyzer
    assert analyzer is not None
    assert analyzer.normalize("DÉJÀ-Datasets") == "deja-datasets"
