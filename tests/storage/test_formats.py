"""BibTeX and RIS in; BibTeX, RIS, CSL-JSON, Markdown and CSV out, checked with real parsers."""

from __future__ import annotations

import csv
import io
import json
import string
from pathlib import Path

import bibtexparser
import pytest
import rispy
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import formatter as citeproc_formatter
from citeproc.source.json import CiteProcJSON
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import FIXTURES, Clock

from storage import (
    AddTags,
    BibliographyFormatError,
    ExportFormat,
    Library,
    MarkRead,
    SetNote,
    SetPriority,
    SetStatus,
    SetTags,
    SortOrder,
    View,
)
from storage.formats.bibtex import latex_escape, read_bibtex

BIBLIOGRAPHIES = FIXTURES / "bibliographies"
ZOTERO = BIBLIOGRAPHIES / "zotero.bib"
ENDNOTE = BIBLIOGRAPHIES / "endnote.ris"


@pytest.fixture
def annotated(library: Library) -> Library:
    """The first seed plus a Zotero export, with statuses, priorities, tags and notes."""
    library.import_files([ZOTERO])
    entries = library.search(View())
    library.apply(MarkRead(True), [entries[0].id])
    library.apply(AddTags(["hair", "to cite"]), [entries[0].id])
    library.apply(SetNote("Read **twice**.\n\nMüller & co: 50% {braces} \\ ok"), [entries[0].id])
    library.apply(AddTags(["EV"]), [entries[3].id])
    library.apply(SetStatus("skimmed"), [entries[1].id])
    library.apply(SetStatus("queued"), [entries[2].id])
    library.apply(SetPriority(1), [entries[2].id, entries[3].id])
    library.apply(SetPriority(3), [entries[4].id])
    return library


def _export(library: Library, format: ExportFormat, query: str = "") -> tuple[str, int]:
    """What `papershelf export` writes for a query: (document, papers in it)."""
    exported = library.export(format, View(query, sort=SortOrder.ADDED))
    return exported.text, exported.count


# Import ---------------------------------------------------------------------------------


def test_bibtex_fields_are_mapped(library: Library) -> None:
    """LaTeX accents, @string macros, month macros, DOI URLs and keywords all come through."""
    (result,) = library.import_files([ZOTERO]).files
    assert result.error is None and result.new_papers == 3
    (zhou,) = library.search(View("dermal papilla"))
    paper = zhou.paper
    assert paper.title == "Exosomes from Dermal Papilla Cells Promote Hair Growth in Müller's Mice"
    assert paper.authors == ("Zhou, Lei", "Müller, Anna", "van der Berg, Piet")
    assert (paper.journal, paper.year, paper.month) == ("Scientific Reports", 2017, 11)
    assert paper.doi == "10.1038/S41598-017-15505-3"
    assert paper.abstract == "Hair loss & regrowth: a 50% improvement."
    assert zhou.state.tags == ("hair", "exosome", "dermal papilla")
    (lee,) = library.search(View("journal:proceedings"))
    assert (lee.paper.journal, lee.paper.year, lee.paper.month) == (
        "Proceedings of Dermatology 2021",
        2021,
        5,
    )
    assert lee.state.note == "Compare with the **Zhou** paper."
    assert library.search(View("preprint"))[0].paper.display_title == "A Preprint Without a Journal"


def test_ris_fields_are_mapped_and_duplicates_merge(library: Library) -> None:
    """The same paper from Zotero (BibTeX) and EndNote (RIS) is one paper, by DOI."""
    library.import_files([ZOTERO])
    (result,) = library.import_files([ENDNOTE]).files
    assert (result.new_papers, result.known_papers) == (1, 1)
    (zhou,) = library.search(View("dermal papilla"))
    assert zhou.state.tags == ("hair", "exosome", "dermal papilla"), "state never touched"
    (rossi,) = library.search(View("chemotherapy-induced"))
    assert rossi.paper.journal == "Journal of Dermatology & Skin Science (Online)"
    assert rossi.paper.abstract.startswith("A review")
    assert rossi.paper.year == 2020


@pytest.mark.parametrize("written", ["https://doi.org/10.1038/S41588-1", "doi:10.1038/S41588-1"])
def test_an_ris_doi_written_as_a_link_is_a_bare_doi_in_bibtex(
    library: Library, tmp_path: Path, written: str
) -> None:
    """RIS files from some databases write the DOI as its resolver link; BibTeX's doi
    field is the bare DOI (biblatex adds the resolver, and the link would break)."""
    ris = tmp_path / "linked.ris"
    ris.write_text(f"TY  - JOUR\nTI  - A linked DOI\nPY  - 2021\nDO  - {written}\nER  - \n")
    library.import_files([ris])
    exported = library.export(ExportFormat.BIBTEX, View("linked"))
    (entry,) = bibtexparser.entrypoint.parse_string(exported.text).entries
    assert entry.fields_dict["doi"].value == "10.1038/S41588-1"


def test_same_title_and_year_is_a_duplicate_without_doi(library: Library, tmp_path: Path) -> None:
    """No DOI: the normalised title and the year decide; the import fills in missing fields."""
    first = tmp_path / "first.bib"
    first.write_text("@misc{a, title = {Hair  Growth “Study”}, year = 2020}\n")
    second = tmp_path / "second.ris"
    second.write_text(
        'TY  - JOUR\nTI  - hair growth "study"\nPY  - 2020\nUR  - https://x.org/1\nER  - \n'
    )
    library.import_files([first])
    (result,) = library.import_files([second]).files
    assert (result.new_papers, result.known_papers) == (0, 1)
    (paper,) = library.search(View("hair growth study"))
    assert paper.paper.url == "https://x.org/1"


def test_existing_reading_state_is_never_touched(library: Library, tmp_path: Path) -> None:
    """A re-import carrying other tags, notes or read state changes nothing of the reader's."""
    library.import_files([ZOTERO])
    (zhou,) = library.search(View("dermal papilla"))
    library.apply(SetTags(["mine"]), [zhou.id])
    changed = tmp_path / "changed.bib"
    changed.write_text(
        "@article{x, title = {Other}, doi = {10.1038/s41598-017-15505-3},"
        " keywords = {theirs}, annote = {their note}, papershelf-read = {true}}\n"
    )
    library.import_files([changed])
    state = library.entry(zhou.id).state
    assert (state.tags, state.note, state.read) == (("mine",), "", False)


@pytest.mark.parametrize(
    ("name", "content", "where"),
    [
        (
            "broken.bib",
            "@article{good, title = {Fine}}\n\n@book{broken,\n  title = {Missing brace\n"
            "@misc{after, title = {Also fine}}\n",
            ":3: entry @book{broken,",
        ),
        (
            "untitled.bib",
            "@article{first, title = {Fine}}\n@article{nameless, year = 2020}\n",
            ":2:",
        ),
        ("unended.ris", "TY  - JOUR\nTI  - Fine\nER  - \nTY  - JOUR\nTI  - No end\n", ":4:"),
        ("stray.ris", "TY  - JOUR\nTI  - Fine\nER  - \nTI  - Outside\n", ":4: entry TI"),
        ("garbage.ris", "this is not RIS\nTY  - JOUR\nER  - \n", ":1:"),
        ("no-comma.bib", "@article{a,\n  title = {A}\n  year = 2020\n}\n", ":3: entry @article{a,"),
        ("extra-brace.bib", "@article{a,\n  title = {A}},\n  year = 2020\n}\n", ":4: a '}'"),
        ("brace-after.bib", "@article{a,\n  title = {A},\n  year = 2020\n}}\n", ":4: a '}'"),
        ("words.bib", "These are not references at all.\n", ": no entries found"),
        ("empty.bib", "", ": no entries found"),
        ("comments.bib", "% Exported by hand\n@comment{nothing here}\n", ": no entries found"),
        ("strings.bib", "@string{j = {Journal}}\n@preamble{{x}}\n", ": no entries found"),
        ("blank.ris", "\n\n", ": no records found"),
    ],
)
def test_malformed_bibliography_is_refused_whole(
    library: Library, tmp_path: Path, name: str, content: str, where: str
) -> None:
    """One bad entry refuses the file, naming the line and entry; the library is unchanged."""
    path = tmp_path / name
    path.write_text(content)
    before = library.total()
    (result,) = library.import_files([path]).files
    assert result.error is not None and f"{path}{where}" in result.error
    assert library.total() == before


def test_format_is_detected_by_content_too(library: Library, tmp_path: Path) -> None:
    """A .txt that holds BibTeX or RIS is read as such, not as a seed document."""
    bib = tmp_path / "references.txt"
    bib.write_text(ZOTERO.read_text())
    ris = tmp_path / "export.txt"
    ris.write_text(ENDNOTE.read_text())
    report = library.import_files([bib, ris])
    assert [item.error for item in report.files] == [None, None]
    assert library.total() == 9 + 4


# Export ---------------------------------------------------------------------------------


def test_bibtex_export_parses_with_bibtexparser(annotated: Library) -> None:
    text, count = _export(annotated, ExportFormat.BIBTEX)
    parsed = bibtexparser.entrypoint.parse_string(
        text, append_middleware=[bibtexparser.middlewares.LatexDecodingMiddleware()]
    )
    assert not parsed.failed_blocks and len(parsed.entries) == count == 12
    by_id = {entry.fields_dict["papershelf-id"].value: entry for entry in parsed.entries}
    first = annotated.search(View())[0]
    fields = {key: field.value for key, field in by_id[first.id].fields_dict.items()}
    assert fields["keywords"] == "hair, to cite"
    assert fields["annote"] == first.state.note
    assert fields["papershelf-read"] == "true"
    assert len({entry.key for entry in parsed.entries}) == 12, "citation keys are unique"


def test_ris_export_parses_with_rispy(annotated: Library) -> None:
    text, count = _export(annotated, ExportFormat.RIS)
    records = rispy.loads(text)
    assert len(records) == count
    first = annotated.search(View())[0]
    record = next(r for r in records if r.get("custom2") == first.id)
    assert record["keywords"] == ["hair", "to cite"]
    assert record["custom1"] == "read"
    zhou = next(r for r in records if "Dermal Papilla" in r.get("title", ""))
    assert zhou["authors"] == ["Zhou, Lei", "Müller, Anna", "van der Berg, Piet"]
    assert zhou["doi"] == "10.1038/S41598-017-15505-3"


def test_csl_json_export_renders_with_citeproc(annotated: Library) -> None:
    text, count = _export(annotated, ExportFormat.CSL_JSON, "dermal papilla")
    items = json.loads(text)
    assert count == len(items) == 1
    source = CiteProcJSON(items)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, citeproc_formatter.plain)
    bibliography.register(Citation([CitationItem(items[0]["id"])]))
    (rendered,) = [str(line) for line in bibliography.bibliography()]
    assert "Zhou, L., Müller, A. and van der Berg, P. (2017)" in rendered
    assert "Scientific Reports" in rendered and "10.1038/S41598-017-15505-3" in rendered
    assert items[0]["keyword"] == "hair, exosome, dermal papilla"


def test_markdown_export_is_grouped_by_case_report(annotated: Library) -> None:
    text, count = _export(annotated, ExportFormat.MARKDOWN)
    lines = text.splitlines()
    assert lines[0] == "# Reading list" and f"{count} papers, 1 read." in lines
    headings = [line for line in lines if line.startswith("## ")]
    assert headings == [
        "## A woman regrew her hair after receiving injections of special cell-derived vesicles.",
        "## Other papers",
    ]
    first = annotated.search(View())[0]
    checked = [line for line in lines if line.startswith("- [x] ")]
    assert checked == [f"- [x] **{first.paper.display_title}**"]
    assert "  > Read **twice**." in lines and "  `#hair` `#to cite`" in lines
    assert sum(line.startswith("- [") for line in lines) == count


def test_csv_export_reads_back_with_the_csv_module(annotated: Library) -> None:
    text, count = _export(annotated, ExportFormat.CSV, "is:read")
    (row,) = list(csv.DictReader(io.StringIO(text)))
    first = annotated.search(View())[0]
    assert row["id"] == first.id and row["read"] == "yes" and row["tags"] == "hair; to cite"
    assert row["note"] == first.state.note and count == 1


def test_export_query_selects_papers(annotated: Library) -> None:
    _, everything = _export(annotated, ExportFormat.CSV)
    _, tagged = _export(annotated, ExportFormat.CSV, "tag:EV")
    assert (everything, tagged) == (12, 1)


# Round trip -----------------------------------------------------------------------------


def _comparable(library: Library) -> set[tuple[object, ...]]:
    return {
        (
            entry.id,
            entry.paper.summary,
            entry.paper.title,
            entry.paper.authors,
            entry.paper.journal,
            entry.paper.year,
            entry.paper.month,
            entry.paper.citations,
            entry.paper.doi,
            entry.paper.url,
            entry.paper.abstract,
            entry.state.status,
            entry.state.priority,
            entry.state.tags,
            entry.state.note,
        )
        for entry in library.search(View())
    }


def test_bibtex_round_trip_into_an_empty_library(
    annotated: Library, tmp_path: Path, clock: Clock
) -> None:
    """Export to BibTeX, import into an empty library: the same papers, tags, notes,
    statuses and priorities."""
    exported = tmp_path / "export.bib"
    exported.write_text(_export(annotated, ExportFormat.BIBTEX)[0])
    fresh = Library(tmp_path / "fresh.json", now=clock)
    (result,) = fresh.import_files([exported]).files
    assert result.error is None and result.new_papers == 12
    assert _comparable(fresh) == _comparable(annotated)
    (again,) = annotated.import_files([exported]).files
    assert again.already_imported, "importing an export back into its library changes nothing"


TEXT = (
    st.text(
        alphabet=st.characters(
            codec="utf-8", categories=["L", "N", "P", "S", "Zs"], exclude_characters="\x00"
        ),
        min_size=1,
        max_size=40,
    )
    .map(lambda text: " ".join(text.split()))
    .filter(bool)
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=TEXT, tags=st.lists(TEXT, max_size=3), note=TEXT)
def test_bibtex_round_trip_of_any_text(
    tmp_path_factory: pytest.TempPathFactory, title: str, tags: list[str], note: str
) -> None:
    """Braces, backslashes, %, &, ligatures, accents and scripts survive BibTeX both ways."""
    folder = tmp_path_factory.mktemp("round")
    source = folder / "source.bib"
    source.write_text(f"@misc{{k, title = {{{latex_escape(title)}}}}}\n")
    library = Library(folder / "a.json")
    (imported,) = library.import_files([source]).files
    assert imported.error is None
    (entry,) = library.search(View())
    assert entry.paper.title == title
    pid = entry.id
    library.apply(SetTags([tag.replace(",", " ").replace(";", " ") for tag in tags]), [pid])
    library.apply(SetNote(note), [pid])
    exported = folder / "export.bib"
    exported.write_text(_export(library, ExportFormat.BIBTEX)[0])
    copy = Library(folder / "b.json")
    (result,) = copy.import_files([exported]).files
    assert result.error is None
    assert _comparable(copy) == _comparable(library)


def test_duplicates_within_one_file_merge(library: Library, tmp_path: Path) -> None:
    """Two records of one paper in the same file (by DOI, then by title) become one."""
    path = tmp_path / "dupes.bib"
    path.write_text(
        "@article{a, title = {Hair growth}, doi = {10.1/X}, year = 2020}\n"
        "@article{b, title = {Hair Growth!}, doi = {10.1/x}, url = {https://x.org}}\n"
        "@misc{c, title = {Second paper}, year = 2021}\n"
        "@misc{d, title = {  second   PAPER }, year = 2021, abstract = {Filled in.}}\n"
    )
    (result,) = library.import_files([path]).files
    assert (result.new_papers, result.known_papers) == (2, 2)
    (first,) = [entry for entry in library.search(View("hair growth")) if entry.paper.doi]
    assert (first.paper.doi, first.paper.url) == ("10.1/X", "https://x.org")
    (second,) = library.search(View("second paper"))
    assert second.paper.abstract == "Filled in."


_FIELD_NAMES = st.lists(
    st.sampled_from(["title", "journal", "year", "volume", "pages", "note", "publisher"]),
    min_size=2,
    max_size=6,
    unique=True,
)
_VALUE = st.text(string.ascii_letters + string.digits + " .,:;-", min_size=1, max_size=20)


@settings(max_examples=200)
@given(names=_FIELD_NAMES, data=st.data(), broken=st.sampled_from(["comma", "brace"]))
def test_a_missing_comma_or_an_extra_brace_is_refused_at_its_line(
    names: list[str], data: st.DataObject, broken: str
) -> None:
    """Field `at` (on line at + 2) loses the comma after it, or gets a `}` too many: the
    file is refused at that line or below, never read with fields lost or run together."""
    values = [data.draw(_VALUE) for _ in names]
    at = data.draw(st.integers(0, len(names) - 2))
    lines = [f"  {name} = {{{value}}}," for name, value in zip(names, values, strict=True)]
    lines[at] = lines[at][:-1] if broken == "comma" else lines[at][:-1] + "},"
    text = "@article{key,\n" + "\n".join(lines) + "\n}\n"
    with pytest.raises(BibliographyFormatError) as caught:
        read_bibtex(text, "broken.bib")
    assert caught.value.line >= at + 2
    assert str(caught.value).startswith(f"broken.bib:{caught.value.line}: ")


# Duplicates across formats ----------------------------------------------------------------

PUBMED = BIBLIOGRAPHIES / "pubmed.ris"
ZOTERO_FULL = BIBLIOGRAPHIES / "zotero_full.bib"


def _bibtex_entry(library: Library, query: str) -> dict[str, str]:
    """The one exported BibTeX entry a query finds: its fields as written."""
    text, count = _export(library, ExportFormat.BIBTEX, query)
    parsed = bibtexparser.entrypoint.parse_string(text)
    assert count == len(parsed.entries) == 1
    return {key: field.value for key, field in parsed.entries[0].fields_dict.items()}


def test_a_bibtex_duplicate_of_an_ris_paper_only_fills_gaps(
    library: Library, tmp_path: Path
) -> None:
    """PubMed's RIS first, then Zotero's .bib of the paper (found by PMID): every export
    keeps what the RIS record said and gains only the fields it lacked."""
    library.import_files([PUBMED])
    duplicate = tmp_path / "zotero.bib"
    duplicate.write_text(
        "@article{other, title = {Another Title}, pmid = {31100937}, year = {2019},"
        " publisher = {MDPI}}\n"
    )
    (result,) = library.import_files([duplicate]).files
    assert (result.new_papers, result.known_papers) == (0, 1)
    fields = _bibtex_entry(library, "doi:10.3390/cells8050466")
    assert fields["title"].startswith("Advances in Regenerative Stem Cell Therapy")
    assert fields["author"] == "Gentile, Pietro and Garcovich, Simone"
    assert (fields["journal"], fields["volume"], fields["number"]) == ("Cells", "8", "5")
    assert (fields["pages"], fields["doi"], fields["publisher"]) == (
        "466",
        "10.3390/cells8050466",
        "MDPI",
    )
    (item,) = json.loads(_export(library, ExportFormat.CSL_JSON, "doi:10.3390/cells8050466")[0])
    assert (item["volume"], item["issue"], item["page"]) == ("8", "5", "466")
    (record,) = rispy.loads(_export(library, ExportFormat.RIS, "doi:10.3390/cells8050466")[0])
    assert record["volume"] == "8" and record["type_of_reference"] == "JOUR"


def test_an_ris_duplicate_of_a_bibtex_paper_only_fills_gaps(
    library: Library, tmp_path: Path
) -> None:
    """Zotero's .bib first, then a short RIS record of its book (same DOI): the RIS export
    is still the book's, with the language the record added."""
    library.import_files([ZOTERO_FULL])
    before = _bibtex_entry(library, "key:gentile_stem_2020")
    duplicate = tmp_path / "endnote.ris"
    duplicate.write_text(
        "TY  - GEN\nTI  - Another title\nDO  - 10.1007/978-3-030-35469-7\nLA  - eng\nER  - \n"
    )
    (result,) = library.import_files([duplicate]).files
    assert (result.new_papers, result.known_papers) == (0, 1)
    (record,) = rispy.loads(_export(library, ExportFormat.RIS, "key:gentile_stem_2020")[0])
    assert record["type_of_reference"] == "BOOK"
    assert record["title"] == "Stem Cells in Aesthetic Procedures"
    assert (record["authors"], record["year"]) == (["Gentile, Pietro"], "2020")
    assert (record["issn"], record["publisher"]) == (
        "978-3-030-35468-0",
        "Springer International Publishing",
    )
    assert (record["edition"], record["place_published"], record["language"]) == (
        "2",
        "Cham",
        "eng",
    )
    assert _bibtex_entry(library, "key:gentile_stem_2020") == before | {"language": "eng"}


@pytest.mark.parametrize(
    ("fixture", "duplicate"),
    [
        ("pubmed.ris", "pmid = {31100937}, year = {2019}"),
        ("dblp.bib", "eprint = {2301.01234v2}, archiveprefix = {arXiv}, year = {2023}"),
    ],
)
def test_a_pubmed_or_arxiv_id_finds_the_paper(
    library: Library, tmp_path: Path, fixture: str, duplicate: str
) -> None:
    """Another title, no DOI, another key: the PubMed or arXiv id alone says it is known."""
    library.import_files([BIBLIOGRAPHIES / fixture])
    before = library.total()
    path = tmp_path / "duplicate.bib"
    path.write_text(f"@article{{another_key, title = {{Quite Another Title}}, {duplicate}}}\n")
    (result,) = library.import_files([path]).files
    assert (result.new_papers, result.known_papers) == (0, 1)
    assert library.total() == before


def test_the_same_key_and_year_is_a_duplicate(library: Library, tmp_path: Path) -> None:
    """A key the library has, in the same year, is that paper (whatever its title); in
    another year it is a new paper, whose key gets a suffix."""
    library.import_files([ZOTERO_FULL])
    same_year, other_year = tmp_path / "jabref.bib", tmp_path / "dblp.bib"
    same_year.write_text("@misc{novak_androgen_2018, title = {Another Title}, year = {2018}}\n")
    other_year.write_text("@misc{novak_androgen_2018, title = {A Third Title}, year = {2001}}\n")
    known, new = library.import_files([same_year, other_year]).files
    assert (known.new_papers, known.known_papers) == (0, 1)
    assert (new.new_papers, new.known_papers, new.renamed_keys) == (1, 0, 1)
    found = sorted((entry.paper.key, entry.paper.title) for entry in library.search(View("novak")))
    assert found == [
        ("novak_androgen_2018", "Androgen Receptor Signalling in the Human Hair Follicle"),
        ("novak_androgen_2018a", "A Third Title"),
    ]


def test_generated_keys_take_the_first_free_suffix_in_the_library(
    library: Library, tmp_path: Path
) -> None:
    """Two records that would get the key a paper already has get `a` and `b`; an export
    of the second alone keeps `b` (keys are unique in the library, not in an export)."""
    library.import_files([PUBMED])
    path = tmp_path / "scopus.ris"
    path.write_text(
        "TY  - JOUR\nAU  - Gentile, P\nTI  - Advances one\nPY  - 2019\nER  - \n\n"
        "TY  - JOUR\nAU  - Gentile, P\nTI  - Advances two\nPY  - 2019\nER  - \n"
    )
    library.import_files([path])
    keys = sorted(entry.paper.key for entry in library.search(View("gentile")))
    assert keys == ["gentile2019advances", "gentile2019advancesa", "gentile2019advancesb"]
    (record,) = rispy.loads(_export(library, ExportFormat.RIS, '"advances two"')[0])
    assert record["id"] == "gentile2019advancesb"
    text, _ = _export(library, ExportFormat.BIBTEX, '"advances two"')
    assert bibtexparser.entrypoint.parse_string(text).entries[0].key == "gentile2019advancesb"


def test_an_import_never_changes_a_key(library: Library, tmp_path: Path) -> None:
    """After `papershelf key ID NEWKEY`, importing the paper again, from BibTeX or from RIS
    with its own `ID`, keeps NEWKEY."""
    library.import_files([ZOTERO_FULL])
    book = library.find_key("gentile_stem_2020")
    assert book is not None
    library.set_key(book.id, "my_book")
    ris = tmp_path / "endnote.ris"
    ris.write_text("TY  - BOOK\nID  - theirs2020\nDO  - 10.1007/978-3-030-35469-7\nER  - \n")
    library.import_files([ZOTERO_FULL, ris])
    assert library.entry(book.id).paper.key == "my_book"
    assert library.find_key("gentile_stem_2020") is None and library.find_key("theirs2020") is None


def test_csv_and_markdown_have_authors_key_volume_and_pages(library: Library) -> None:
    """A bibliography's authors, key, type, volume, issue, pages and publisher, decoded."""
    library.import_files([ZOTERO_FULL])
    text, _ = _export(library, ExportFormat.CSV, "key:gentile_hair_2020 OR key:hakansson*")
    rows = {row["key"]: row for row in csv.DictReader(io.StringIO(text))}
    article, chapter = rows["gentile_hair_2020"], rows["hakansson_dermal_2019"]
    assert (article["type"], article["authors"]) == (
        "article",
        "Gentile, Pietro; Garcovich, Simone",
    )
    assert (article["volume"], article["issue"], article["pages"]) == ("9", "2", "466")
    assert (chapter["type"], chapter["authors"]) == (
        "incollection",
        "Håkansson, Håkan; Øvergaard, Siri",
    )
    assert (chapter["volume"], chapter["pages"], chapter["publisher"]) == (
        "1879",
        "123–140",
        "Springer",
    )
    lines = _export(library, ExportFormat.MARKDOWN, "key:gentile_hair_2020")[0].splitlines()
    assert "  Gentile, Pietro; Garcovich, Simone" in lines
    assert "  `@gentile_hair_2020` · Cells 9(2):466, Feb 2020 · doi:10.3390/cells9020466" in lines
