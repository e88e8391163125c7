"""Real bibliographies in and out: every entry keeps its type, key and every field.

Each fixture is written the way one tool writes (Zotero, Better BibTeX, JabRef, DBLP,
a hand-kept biblatex file; RIS from PubMed, Scopus and EndNote). It is imported into an
empty library, exported, and both files are read by the reference parsers (bibtexparser,
rispy): every entry of the original must come back with its type, key and every field,
value for value; exporting what was imported from the export changes nothing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import bibtexparser
import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as citeproc_formatter
from citeproc.source.json import CiteProcJSON
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pylatexenc.latex2text import LatexNodes2Text
from support import FIXTURES

from storage import ExportFormat, Library, SortOrder, View
from storage.formats.bib_scanner import scan, value_content
from storage.formats.latex import LONGEST_PIECE, decode, decode_text, latex_escape

BIBLIOGRAPHIES = FIXTURES / "bibliographies"
BIB_FIXTURES = ["zotero_full.bib", "betterbibtex.bib", "jabref.bib", "dblp.bib", "biblatex.bib"]
RIS_FIXTURES = ["pubmed.ris", "scopus.ris", "endnote_full.ris"]
_DECODER = LatexNodes2Text()
STANDARD_FIELDS = frozenset(
    [
        "author",
        "editor",
        "title",
        "journal",
        "journaltitle",
        "booktitle",
        "year",
        "date",
        "month",
        "volume",
        "number",
        "issue",
        "pages",
        "publisher",
        "address",
        "location",
        "school",
        "institution",
        "organization",
        "edition",
        "series",
        "chapter",
        "isbn",
        "issn",
        "doi",
        "url",
        "urldate",
        "note",
        "howpublished",
        "abstract",
        "keywords",
        "language",
    ]
)
"""The fields every reference manager knows, counted apart from the others in the report."""


def _round_trip(source: Path, folder: Path, format: ExportFormat) -> tuple[str, str]:
    """(export of the file imported, export of that export imported)."""
    first = Library(folder / "first.json")
    (result,) = first.import_files([source]).files
    assert result.error is None, result.error
    exported = first.export(format, View(include_reports=True, sort=SortOrder.ADDED)).text
    again = folder / f"again{format.suffix}"
    again.write_text(exported)
    second = Library(folder / "second.json")
    assert second.import_files([again]).files[0].error is None
    return exported, second.export(format, View(include_reports=True, sort=SortOrder.ADDED)).text


def _bib_entries(text: str) -> dict[str, bibtexparser.model.Entry]:
    parsed = bibtexparser.entrypoint.parse_string(text)
    assert not parsed.failed_blocks, [block.error for block in parsed.failed_blocks]
    return {entry.key: entry for entry in parsed.entries}


def _latex_insensitive(value: str) -> str:
    return " ".join(_DECODER.latex_to_text(value).split())


@pytest.mark.parametrize("name", BIB_FIXTURES)
def test_bibtex_comes_back_whole(name: str, tmp_path: Path) -> None:
    """Type, key, every standard and every other field, value for value, in order."""
    source = (BIBLIOGRAPHIES / name).read_text()
    exported, again = _round_trip(BIBLIOGRAPHIES / name, tmp_path, ExportFormat.BIBTEX)
    original, back = _bib_entries(source), _bib_entries(exported)
    counts = {"types": [0, 0], "keys": [0, 0], "standard": [0, 0], "other": [0, 0]}
    for key, entry in original.items():
        counts["keys"][1] += 1
        counts["types"][1] += 1
        returned = back.get(key)
        assert returned is not None, f"{key} lost"
        counts["keys"][0] += 1
        counts["types"][0] += returned.entry_type.lower() == entry.entry_type.lower()
        fields = {field.key.lower(): field.value for field in returned.fields}
        for field in entry.fields:
            kind = "standard" if field.key.lower() in STANDARD_FIELDS else "other"
            counts[kind][1] += 1
            value = fields.get(field.key.lower())
            same = value is not None and (
                value == field.value or _latex_insensitive(value) == _latex_insensitive(field.value)
            )
            assert same, f"{key}.{field.key}: {field.value!r} came back as {value!r}"
            counts[kind][0] += 1
        order = [f.key for f in returned.fields if not f.key.startswith("papershelf-")]
        assert order[: len(entry.fields)] == [f.key for f in entry.fields], "field order"
    assert all(kept == total for kept, total in counts.values()), counts
    print(f"{name}: " + ", ".join(f"{k} {a} of {b}" for k, (a, b) in counts.items()))
    assert again == exported, "a second round trip changes nothing"


def test_preambles_and_strings_survive(tmp_path: Path) -> None:
    """@preamble blocks are written back; @string macros come back as their text."""
    exported, _ = _round_trip(BIBLIOGRAPHIES / "betterbibtex.bib", tmp_path, ExportFormat.BIBTEX)
    assert exported.startswith('@preamble{"\\providecommand{\\noopsort}[1]{} "}\n\n@article{')
    assert "  journal = {Journal of Investigative Dermatology}," in exported
    assert "  sortname = {\\noopsort{Rossi}Rossi}," in exported


def _ris_records(text: str) -> list[dict[str, object]]:
    return [dict(record) for record in rispy.loads(text)]


def _ris_title(record: dict[str, object]) -> object:
    return record.get("title") or record.get("primary_title")


@pytest.mark.parametrize("name", RIS_FIXTURES)
def test_ris_comes_back_whole(name: str, tmp_path: Path) -> None:
    """Type and every tag's value, as rispy reads them; no numbered lines between records."""
    source = (BIBLIOGRAPHIES / name).read_text()
    exported, again = _round_trip(BIBLIOGRAPHIES / name, tmp_path, ExportFormat.RIS)
    assert not re.search(r"^\d+\.$", exported, re.MULTILINE), "stray numbered lines"
    original = _ris_records(source)
    back = {str(_ris_title(record)): record for record in _ris_records(exported)}
    kept = total = 0
    for record in original:
        returned = back[str(_ris_title(record))]
        for tag, value in record.items():
            total += 1
            assert returned.get(tag) == value, (
                f"{tag}: {value!r} came back as {returned.get(tag)!r}"
            )
            kept += 1
    print(f"{name}: {len(original)} records, tags {kept} of {total}")
    assert again == exported, "a second round trip changes nothing"


def test_ris_types_and_fields_become_bibtex(tmp_path: Path) -> None:
    """EndNote's CHAP, THES, CONF, ELEC and RPRT come out as BibTeX's own types and fields."""
    exported, _ = _round_trip(BIBLIOGRAPHIES / "endnote_full.ris", tmp_path, ExportFormat.BIBTEX)
    entries = _bib_entries(exported)
    types = {key: entry.entry_type for key, entry in entries.items()}
    assert types == {
        "12": "incollection",
        "13": "phdthesis",
        "14": "inproceedings",
        "15": "online",
        "16": "techreport",
    }
    chapter = {f.key: f.value for f in entries["12"].fields}
    assert chapter["pages"] == "45--67" and chapter["isbn"] == "978-3-319-12345-6"
    assert chapter["editor"] == "Tosti, Antonella and Piraccini, Bianca Maria"
    assert (chapter["booktitle"], chapter["address"]) == ("Textbook of Hair Disorders", "Cham")
    report = {f.key: f.value for f in entries["16"].fields}
    assert report["author"] == "{World Health Organization}"


def test_bibtex_types_and_fields_become_ris(tmp_path: Path) -> None:
    """A Zotero .bib as RIS: CHAP, BOOK, CONF, THES with VL, IS, SP/EP, SN, PB, CY, ED."""
    exported, _ = _round_trip(BIBLIOGRAPHIES / "zotero_full.bib", tmp_path, ExportFormat.RIS)
    records = {record["id"]: record for record in rispy.loads(exported)}
    assert records["gentile_hair_2020"]["type_of_reference"] == "JOUR"
    assert (records["gentile_hair_2020"]["volume"], records["gentile_hair_2020"]["number"]) == (
        "9",
        "2",
    )
    chapter = records["hakansson_dermal_2019"]
    assert chapter["type_of_reference"] == "CHAP"
    assert (chapter["start_page"], chapter["end_page"]) == ("123", "140")
    assert chapter["authors"] == ["Håkansson, Håkan", "Øvergaard, Siri"]
    assert chapter["unknown_tag"]["ED"] == ["Rossi, Alfredo", "Müller, Anna"]
    assert (chapter["publisher"], chapter["place_published"]) == ("Springer", "Berlin, Heidelberg")
    assert records["gentile_stem_2020"]["issn"] == "978-3-030-35468-0"  # SN: the ISBN
    assert records["sahin_deep_2021"]["type_of_reference"] == "CONF"
    assert records["novak_androgen_2018"]["type_of_reference"] == "THES"
    assert records["novak_androgen_2018"]["authors"] == ["Novák, Jiří"]


def test_csl_json_has_types_and_fields_citeproc_reads(tmp_path: Path) -> None:
    """CSL types (book, chapter, paper-conference, thesis, report, webpage) and fields."""
    library = Library(tmp_path / "l.json")
    library.import_files([BIBLIOGRAPHIES / "zotero_full.bib"])
    text = library.export(ExportFormat.CSL_JSON, View()).text
    items = {item["id"]: item for item in json.loads(text)}
    assert {key: item["type"] for key, item in items.items()} == {
        "gentile_hair_2020": "article-journal",
        "gentile_stem_2020": "book",
        "hakansson_dermal_2019": "chapter",
        "sahin_deep_2021": "paper-conference",
        "novak_androgen_2018": "thesis",
        "obrien_scalp_2016": "thesis",
        "who_alopecia_2022": "report",
        "lee_preprint_2023": "document",
        "garcia_minoxidil_2024": "manuscript",
        "nih_hair_2021": "document",
    }
    hair = items["gentile_hair_2020"]
    assert (hair["volume"], hair["issue"], hair["page"], hair["ISSN"]) == (
        "9",
        "2",
        "466",
        "2073-4409",
    )
    assert hair["issued"] == {"date-parts": [[2020, 2]]}
    assert hair["title"].startswith("Hair Regrowth with Platelet-rich Plasma")
    assert "β-catenin" in hair["title"]
    chapter = items["hakansson_dermal_2019"]
    assert chapter["editor"] == [
        {"family": "Rossi", "given": "Alfredo"},
        {"family": "Müller", "given": "Anna"},
    ]
    assert (chapter["publisher"], chapter["publisher-place"], chapter["page"]) == (
        "Springer",
        "Berlin, Heidelberg",
        "123-140",
    )
    book = items["gentile_stem_2020"]
    assert (book["ISBN"], book["edition"], book["publisher"]) == (
        "978-3-030-35468-0",
        "2",
        "Springer International Publishing",
    )
    assert items["who_alopecia_2022"]["author"] == [{"literal": "World Health Organization"}]
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(
        style, CiteProcJSON(list(items.values())), citeproc_formatter.plain
    )
    for key in items:
        bibliography.register(Citation([CitationItem(key)]))
    rendered = [str(line) for line in bibliography.bibliography()]
    assert any(
        line.startswith("Gentile, P. (2020) Stem Cells in Aesthetic Procedures. 2nd ed.")
        for line in rendered
    )


def test_display_text_is_decoded_and_export_is_as_written(tmp_path: Path) -> None:
    """`{$\\beta$}` shows as β and `H{\\aa}kan` as Håkan; export writes what the file had."""
    library = Library(tmp_path / "l.json")
    library.import_files([BIBLIOGRAPHIES / "zotero_full.bib"])
    hair = library.find_key("gentile_hair_2020")
    chapter = library.find_key("hakansson_dermal_2019")
    assert hair is not None and chapter is not None
    assert "JAK-STAT Pathway in β-catenin Signalling" in hair.paper.title
    assert chapter.paper.authors == ("Håkansson, Håkan", "Øvergaard, Siri")
    assert library.search(View("hakan")) and library.search(View('"β-catenin"'))
    exported = library.export(ExportFormat.BIBTEX, View("key:gentile_hair")).text
    assert "{JAK}-{STAT} {Pathway} in {$\\beta$}-catenin" in exported
    assert "\\textbackslash" not in exported


# Properties -------------------------------------------------------------------------------

_PIECES = st.sampled_from(
    ["Hair", "growth", "{JAK}", "{$\\beta$}", 'M{\\"u}ller', "\\'e", "{\\aa}", "\\&", "50\\%"]
    + ["\\emph{in vitro}", "{\\c S}", "--", "''", "``", "x~y", "\\ss{}", "{\\O}", "\\$", " "]
    + ["\\textit{a}", "$x^2$", "{DNA}", "a-b", "it's", "\\i", "\\v{s}", "\\_", "{}", "?`"]
)
_LATEX = st.lists(_PIECES, min_size=1, max_size=8).map(" ".join)


@settings(max_examples=300)
@given(_LATEX)
def test_decoding_agrees_with_pylatexenc(value: str) -> None:
    """The fast paths decode exactly as pylatexenc does."""
    assert decode(value) == " ".join(_DECODER.latex_to_text(value).split())


@settings(max_examples=200)
@given(st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=30))
def test_escaped_text_decodes_back(text: str) -> None:
    """What papershelf escapes for BibTeX decodes to the text itself."""
    assert decode(latex_escape(text)) == " ".join(text.split())


@pytest.mark.parametrize("name", [*BIB_FIXTURES, "zotero.bib"])
def test_scanner_reads_what_bibtexparser_reads(name: str) -> None:
    """Keys, types and field values (without their delimiters) as bibtexparser has them."""
    text = (BIBLIOGRAPHIES / name).read_text()
    reference = bibtexparser.entrypoint.parse_string(text).entries
    scanned = scan(text).entries
    assert [(e.key, e.entry_type) for e in scanned] == [(e.key, e.entry_type) for e in reference]
    for mine, theirs in zip(scanned, reference, strict=True):
        assert [(n, value_content(v)) for n, v in mine.fields] == [
            (f.key, f.value) for f in theirs.fields
        ]


_NAMES = st.sampled_from(
    ["title", "author", "journal", "year", "volume", "pages", "isbn", "publisher"]
    + ["bibsource", "timestamp", "file", "groups", "Custom-Field", "langid", "note"]
)
_TYPES = st.sampled_from(["article", "book", "inproceedings", "phdthesis", "misc", "online"])
_KEYS = st.from_regex(r"[A-Za-z][A-Za-z0-9_:\-]{0,15}", fullmatch=True)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.tuples(_TYPES, _KEYS, st.dictionaries(_NAMES, _LATEX, min_size=1, max_size=6)),
        min_size=1,
        max_size=5,
        unique_by=lambda entry: entry[1].casefold(),
    )
)
def test_generated_entries_round_trip(
    tmp_path_factory: pytest.TempPathFactory,
    entries: list[tuple[str, str, dict[str, str]]],
) -> None:
    """Any entries of LaTeX text come back with type, key and fields as written."""
    folder = tmp_path_factory.mktemp("generated")
    lines = []
    for entry_type, key, fields in entries:
        fields = fields | {"title": f"Title {key} " + fields.get("title", "")}  # not duplicates
        body = "".join(f"  {name} = {{{value}}},\n" for name, value in fields.items())
        lines.append(f"@{entry_type}{{{key},\n{body}}}\n")
    source = folder / "generated.bib"
    source.write_text("\n".join(lines))
    exported, again = _round_trip(source, folder, ExportFormat.BIBTEX)
    back = _bib_entries(exported)
    for entry_type, key, fields in entries:
        returned = back[key]
        assert returned.entry_type == entry_type
        values = {f.key: f.value for f in returned.fields}
        for name, value in (fields | {"title": f"Title {key} " + fields.get("title", "")}).items():
            assert values[name] == value
    assert again == exported


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("{" + "word \\emph{x} " * 100_000, "word x " * 100_000),
        ("$" + "x + y " * 200_000 + "$", "x + y " * 200_000),
        ("50\\% " + "word %comment\n" * 100_000, "50% " + "word " * 100_000),
    ],
    ids=["unclosed group", "one long formula", "comments"],
)
def test_a_megabyte_value_decodes_word_by_word(value: str, text: str) -> None:
    """A group or formula left open over a whole abstract, or comments in it, no longer
    go to pylatexenc whole (minutes for a few MB): past LONGEST_PIECE they are decoded in
    words, and every word is kept."""
    assert len(value) > 100 * LONGEST_PIECE
    assert decode(value) == text.strip()


def test_a_long_note_keeps_its_lines() -> None:
    note = "Note \\emph{x}\nline two\n" * 20_000
    assert decode_text(note) == ("Note x\nline two\n" * 20_000).strip()
