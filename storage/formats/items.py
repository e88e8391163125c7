"""A paper as a bibliographic item: its BibTeX fields, RIS lines and CSL item, and names.

A paper keeps what its file had (`Paper.fields` from BibTeX, `Paper.ris` from RIS);
every other form is derived from that here, and a seed paper's item is made from its
own fields. BibTeX is the richest form, so it is the common one: an RIS record becomes
BibTeX fields (values LaTeX-escaped) before it becomes a CSL item.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final

from ..dois import clean_doi
from ..records import (
    Fields,
    Paper,
    PaperDoc,
    default_entry_type,
    month_abbreviation,
    month_number,
    stored_texts,
)
from .bib_scanner import value_content
from .latex import collapse_white_space, decode, is_plain_text, latex_escape

# Entry types ---------------------------------------------------------------------------

RIS_TYPES: Final = {
    "article": "JOUR",
    "book": "BOOK",
    "mvbook": "BOOK",
    "collection": "EDBOOK",
    "inbook": "CHAP",
    "incollection": "CHAP",
    "inproceedings": "CONF",
    "conference": "CONF",
    "proceedings": "CONF",
    "phdthesis": "THES",
    "mastersthesis": "THES",
    "thesis": "THES",
    "techreport": "RPRT",
    "report": "RPRT",
    "online": "ELEC",
    "electronic": "ELEC",
    "www": "ELEC",
    "unpublished": "UNPB",
    "booklet": "PAMP",
    "patent": "PAT",
    "dataset": "DATA",
    "software": "COMP",
    "periodical": "JFULL",
    "misc": "GEN",
}
"""BibTeX / BibLaTeX entry type to RIS type."""
BIBTEX_TYPES: Final = {
    "JOUR": "article",
    "JFULL": "article",
    "MGZN": "article",
    "NEWS": "article",
    "EJOUR": "article",
    "INPR": "article",
    "BOOK": "book",
    "EBOOK": "book",
    "EDBOOK": "collection",
    "CHAP": "incollection",
    "ECHAP": "incollection",
    "CONF": "inproceedings",
    "CPAPER": "inproceedings",
    "THES": "phdthesis",
    "RPRT": "techreport",
    "ELEC": "online",
    "WEB": "online",
    "BLOG": "online",
    "UNPB": "unpublished",
    "MANSCPT": "unpublished",
    "PAMP": "booklet",
    "PAT": "patent",
    "DATA": "dataset",
    "COMP": "software",
    "GEN": "misc",
}
"""RIS type to BibTeX / BibLaTeX entry type (others become `misc`)."""
CSL_TYPES: Final = {
    "article": "article-journal",
    "book": "book",
    "mvbook": "book",
    "collection": "book",
    "proceedings": "book",
    "manual": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "online": "webpage",
    "electronic": "webpage",
    "www": "webpage",
    "unpublished": "manuscript",
    "booklet": "pamphlet",
    "patent": "patent",
    "dataset": "dataset",
    "software": "software",
    "periodical": "periodical",
    "misc": "document",
}
"""BibTeX / BibLaTeX entry type to CSL type."""
_THESIS_GENRES: Final = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}

# Fields -----------------------------------------------------------------------------

OWN_PREFIX: Final = "papershelf-"
"""papershelf's own BibTeX fields (id, summary, citations, read mark, status) start with this."""
VENUE_FIELDS: Final = (
    "journal",
    "journaltitle",
    "booktitle",
    "publisher",
    "school",
    "institution",
    "organization",
)
"""Where a paper appeared, in the order the list's journal column takes it."""

_VERBATIM_ESCAPES: Final = re.compile(r"\\([_%&#$])")
_PAGE_RANGE: Final = re.compile(r"\s*(?:--?|–|—)\s*")
_AND: Final = re.compile(r"\s+and\s+", re.IGNORECASE)


def content(value: str) -> str:
    """A stored BibTeX value without its outer braces or quotes."""
    return value_content(value)


def text(value: str) -> str:
    """A stored BibTeX value as text: LaTeX decoded (bare month macros as numbers stay)."""
    return decode(value_content(value))


def verbatim(value: str) -> str:
    """A DOI or URL: braces dropped and `\\_`-style escapes undone, nothing decoded (a
    `%` in a URL is a character, not a LaTeX comment)."""
    inner = value_content(value).replace("{", "").replace("}", "")
    return _VERBATIM_ESCAPES.sub(r"\1", inner).strip()


def field_map(fields: Fields) -> dict[str, str]:
    """Fields by lower-case name (the first of a name wins)."""
    found: dict[str, str] = {}
    for name, value in fields:
        found.setdefault(name.lower(), value)
    return found


# Names ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Name:
    """One person (or organisation), decoded."""

    family: str
    """Family name with its particles (`van der Berg`); the whole name for an organisation."""
    given: str = ""
    suffix: str = ""

    @property
    def display(self) -> str:
        """`Family, Given` (`Ford, Jr., Henry`), or the family name alone."""
        return ", ".join(part for part in (self.family, self.suffix, self.given) if part)

    def csl(self) -> dict[str, str]:
        """The name as CSL-JSON writes one."""
        if not self.given:
            return {"literal": self.family}
        name = {"family": self.family, "given": self.given}
        if self.suffix:
            name["suffix"] = self.suffix
        return name


def split_names(raw: str) -> list[str]:
    """A BibTeX name list (`A and {B and C} and D`) as raw names, braces respected."""
    inner = value_content(raw).strip()
    if not inner:
        return []
    if "{" not in inner:
        return [name for name in _AND.split(inner) if name.strip()]
    found = split_braced_names(inner)
    if found is None:
        from bibtexparser.middlewares.names import split_multiple_persons_names

        found = split_multiple_persons_names(inner)
    return [name for name in found if name.strip()]


_GROUP: Final = re.compile(r"\{[^{}]*\}")
_AND_INSIDE: Final = re.compile(r"[ \t\r\n][aA][nN][dD][ \t\r\n]")
_AND_BETWEEN: Final = re.compile(r"[ \t\r\n]+[aA][nN][dD][ \t\r\n]+(?=[^ \t\r\n])")
"""bibtexparser's separator: its white space only, and a name must follow."""


def split_braced_names(names: str) -> list[str] | None:
    """bibtexparser's split of a name list whose braces only group accents and the like
    (`M{\\"u}ller, Anna and ...`), without its walk over every character (a third of
    describing an entry); None for any other list.

    A separator has no braces, so it is wholly inside a group or wholly outside. When
    no group holds one, the list splits as if it had no braces: provided every brace
    belongs to a group, and no backslash (which escapes the character after it) stands
    outside one or before a brace.
    """
    if "\\{" in names or "\\}" in names:
        return None
    outside = names
    while "{" in outside:
        groups = _GROUP.findall(outside)
        if not groups or _AND_INSIDE.search("".join(groups)):
            return None
        outside = _GROUP.sub("", outside)
    if "}" in outside or "\\" in outside:
        return None
    names = names.strip(" \r\n\t")
    return _AND_BETWEEN.split(names) if names else []


@lru_cache(maxsize=65536)
def parse_name(raw: str) -> Name:
    """One raw BibTeX name (`M{\\"u}ller, Anna`, `Anna M{\\"u}ller`) decoded into parts."""
    raw = " ".join(raw.split())
    if "{" not in raw and raw.count(",") == 1:  # `Family, Given`: most names
        family, given = raw.split(",")
        return Name(decode(family), decode(given))
    from bibtexparser.middlewares.names import parse_single_name_into_parts

    parts = parse_single_name_into_parts(raw, strict=False)
    family = decode(" ".join([*parts.von, *parts.last]))
    return Name(family, decode(" ".join(parts.first)), decode(" ".join(parts.jr)))


def names(raw: str) -> list[Name]:
    """A raw BibTeX name list, decoded."""
    return [parse_name(name) for name in split_names(raw)]


def name_from_text(name: str) -> Name:
    """A name as papershelf shows one (`Family, Given`) or as RIS writes it."""
    family, _, given = name.partition(",")
    return Name(family.strip(), given.strip()) if given.strip() else Name(name.strip())


def escape_name(name: str) -> str:
    """A plain-text name (`Zhou, Lei`; `World Health Organization`) as BibTeX: an
    organisation, or a name BibTeX would split wrongly, is kept whole in braces."""
    escaped = latex_escape(name.strip())
    if "," not in name or _AND.search(f" {name} "):
        return "{" + escaped + "}"
    return escaped


# BibTeX fields of any paper -------------------------------------------------------------


def braced(text: str) -> str:
    """Plain text as a stored BibTeX value."""
    return "{" + latex_escape(text) + "}"


def bibtex_fields(paper: Paper) -> Fields:
    """The paper's BibTeX fields, values as written: its own, or derived from its RIS
    record, or made from papershelf's fields (a seed paper)."""
    if paper.fields:
        return paper.fields
    if paper.ris:
        return bibtex_from_ris(paper.ris)[1]
    return made_fields(
        title=paper.title or paper.summary,
        authors=paper.authors,
        journal=paper.journal,
        year=paper.year,
        month=paper.month,
        doi=paper.doi,
        url=paper.url,
        abstract=paper.abstract,
    )


def made_fields(
    *,
    title: str,
    authors: Sequence[str],
    journal: str,
    year: int | None,
    month: int | None,
    doi: str,
    url: str,
    abstract: str,
) -> Fields:
    """BibTeX fields made from papershelf's own (a seed paper's), the empty ones left out."""
    made = [
        ("title", braced(title)),
        ("author", "{" + " and ".join(map(escape_name, authors)) + "}"),
        ("journal", braced(journal)),
        ("year", "{" + str(year) + "}" if year else ""),
        ("month", month_abbreviation(month).lower() if month else ""),
        ("doi", "{" + doi + "}"),
        ("url", "{" + url + "}"),
        ("abstract", braced(abstract)),
    ]
    return tuple((name, value) for name, value in made if value.strip("{}"))


def plain_fields(doc: PaperDoc) -> Fields:
    """`bibtex_fields` of a plain document's paper (see `ExportEntry.plain_doc`)."""
    return made_fields(
        title=doc.get("title") or doc.get("summary", ""),
        authors=stored_texts(doc.get("authors")),
        journal=doc.get("journal", ""),
        year=doc.get("year"),
        month=doc.get("month"),
        doi=doc.get("doi", ""),
        url=doc.get("url", ""),
        abstract=doc.get("abstract", ""),
    )


def plain_text(value: str) -> str:
    """`text(braced(value))`: plain text (see `is_plain_text`) only has its white space
    collapsed, without escaping it and decoding it back."""
    return collapse_white_space(value) if is_plain_text(value) else text(braced(value))


def plain_text_lines(value: str) -> list[str]:
    """`text_lines(braced(value))`, as `plain_text` is `text`."""
    if not is_plain_text(value):
        return text_lines(braced(value))
    if "\n" not in value:  # nearly always: one line
        return [shown] if (shown := collapse_white_space(value)) else []
    return [shown for line in value.split("\n") if (shown := collapse_white_space(line))]


def plain_names(authors: Sequence[str]) -> list[Name] | None:
    """`names` of the `author` field `made_fields` makes of these names, when each is
    a plain `Family, Given` (one comma, plain text, no `and` a list would split at): the
    field is then the names joined by ` and `, and splits back into them. None for any
    other list."""
    for name in authors:
        if name.count(",") != 1 or not is_plain_text(name) or _AND.search(f" {name} "):
            return None
    return [parse_name(name.strip()) for name in authors]


def plain_type(doc: PaperDoc) -> str:
    """`bibtex_type` of a plain document's paper."""
    return doc.get("type") or default_entry_type(doc.get("journal", ""))


def bibtex_type(paper: Paper) -> str:
    """The paper's BibTeX entry type."""
    if not paper.entry_type and paper.ris and not paper.fields:
        return bibtex_from_ris(paper.ris)[0]
    return paper.bibtex_type


# RIS -------------------------------------------------------------------------------------

_RIS_TO_BIBTEX: Final = {
    "TI": "title",
    "T1": "title",
    "AU": "author",
    "A1": "author",
    "A2": "editor",
    "ED": "editor",
    "PY": "year",
    "Y1": "year",
    "DA": "date",
    "VL": "volume",
    "IS": "number",
    "PB": "publisher",
    "CY": "address",
    "ET": "edition",
    "DO": "doi",
    "UR": "url",
    "AB": "abstract",
    "N2": "abstract",
    "LA": "language",
    "T3": "series",
    "ST": "shorttitle",
    "Y2": "urldate",
    "JF": "journal",
    "JO": "journal",
    "JA": "journal",
    "J2": "journal",
    "KW": "keywords",
    "N1": "annote",
    "AN": "accession",
    "SE": "chapter",
}
"""RIS tags with a BibTeX field of their own (SN, SP/EP and T2 depend on the type)."""
_NAME_TAGS: Final = frozenset(["AU", "A1", "A2", "A3", "A4", "ED"])
_RIS_OWN_TAGS: Final = frozenset(["TY", "ID", "ER", "C1", "C2", "C3", "C4"])
"""Tags papershelf writes itself: type, key, and its custom fields C1-C4."""
_BOOKISH: Final = frozenset(["BOOK", "EBOOK", "EDBOOK", "CHAP", "ECHAP"])


def _t2_field(ris_type: str) -> str:
    if ris_type in ("CHAP", "ECHAP", "CONF", "CPAPER"):
        return "booktitle"
    if ris_type in ("BOOK", "EBOOK", "EDBOOK"):
        return "series"
    return "journal"


def bibtex_from_ris(lines: Fields) -> tuple[str, Fields]:
    """An RIS record's (BibTeX type, BibTeX fields): each tag to its field, values
    LaTeX-escaped; a tag whose field is already filled, or that BibTeX has no field
    for, becomes `ris-<tag>` (`ris-db = {PubMed}`), so nothing is lost."""
    ris_type = next((value for tag, value in lines if tag == "TY"), "GEN").strip().upper()
    grouped: dict[str, list[str]] = {}
    for tag, value in lines:
        if tag not in _RIS_OWN_TAGS:
            grouped.setdefault(tag, []).append(value)
    fields: list[tuple[str, str]] = []
    used: set[str] = set()
    for tag, values in grouped.items():
        if tag == "EP" and "SP" in grouped:
            continue
        if tag == "SP":
            end = grouped.get("EP", [""])[0]
            pages = latex_escape(values[0]) + (f"--{latex_escape(end)}" if end else "")
            name, values = "pages", [pages]
        elif tag == "SN":
            name = "isbn" if ris_type in _BOOKISH else "issn"
        elif tag == "T2":
            name = _t2_field(ris_type)
        else:
            name = _RIS_TO_BIBTEX.get(tag, f"ris-{tag.lower()}")
        if name in used:
            name = f"ris-{tag.lower()}"
        used.add(name)
        if tag in _NAME_TAGS:
            value = " and ".join(escape_name(v) for v in values)
        elif name == "pages":
            value = values[0] if tag == "SP" else latex_escape(values[0])
        elif name == "doi":  # BibTeX's doi is the bare DOI: biblatex adds the resolver
            value = "\n".join(map(clean_doi, values))
        elif name == "url":
            value = "\n".join(values)
        else:
            value = latex_escape("\n".join(values))
        fields.append((name, "{" + value + "}"))
    return BIBTEX_TYPES.get(ris_type, "misc"), tuple(fields)


_BIBTEX_TO_RIS: Final = {
    "title": "TI",
    "author": "AU",
    "editor": "ED",
    "journal": "T2",
    "journaltitle": "T2",
    "booktitle": "T2",
    "series": "T3",
    "year": "PY",
    "volume": "VL",
    "number": "IS",
    "issue": "IS",
    "publisher": "PB",
    "school": "PB",
    "institution": "PB",
    "address": "CY",
    "location": "CY",
    "edition": "ET",
    "isbn": "SN",
    "issn": "SN",
    "doi": "DO",
    "url": "UR",
    "abstract": "AB",
    "language": "LA",
    "shorttitle": "ST",
    "urldate": "Y2",
    "keywords": "KW",
    "annote": "N1",
    "accession": "AN",
    "pmid": "AN",
    "chapter": "SE",
}
"""BibTeX fields that RIS has a tag for; RIS has nowhere to put the others."""


def ris_lines(paper: Paper) -> list[tuple[str, str]]:
    """The paper's RIS lines without ID, C1-C4 and ER: its own record, or derived from
    its BibTeX fields (values decoded, names one a line, pages as SP and EP)."""
    if paper.ris:
        lines = [(tag, value) for tag, value in paper.ris if tag not in _RIS_OWN_TAGS]
        ris_type = next((value for tag, value in paper.ris if tag == "TY"), "GEN")
        return [("TY", ris_type), *lines]
    return ris_from_bibtex(
        bibtex_type(paper), bibtex_fields(paper), paper.year, paper.month, paper.doi
    )


def ris_from_bibtex(
    entry_type: str, fields: Fields, year: int | None, month: int | None, doi: str
) -> list[tuple[str, str]]:
    """`ris_lines` of a paper with no RIS record: from its BibTeX type and fields (and
    the year, month and DOI papershelf read from them)."""
    lines = [("TY", RIS_TYPES.get(entry_type, "GEN"))]
    taken: set[str] = set()
    for name, value in fields:
        field = name.lower()
        if field.startswith("ris-"):
            tag = field[4:].upper()
            lines += [(tag, part) for part in text_lines(value)]
            continue
        found = _BIBTEX_TO_RIS.get(field)
        if found is None or (found in taken and found not in ("AU", "ED")):
            if field == "pages" and (pages := text(value)):
                start, _, end = _PAGE_RANGE.sub("--", pages).partition("--")
                lines.append(("SP", start))
                if end:
                    lines.append(("EP", end))
            elif field == "date" and "DA" not in taken:
                lines.append(("DA", text(value).replace("-", "/")))
                taken.add("DA")
            elif field == "month" and month and "DA" not in taken and year:
                lines.append(("DA", f"{year}/{month:02d}"))
                taken.add("DA")
            continue
        tag = found
        taken.add(tag)
        if field in ("author", "editor"):
            lines += [(tag, name.display) for name in names(value)]
        elif field == "doi":
            lines.append((tag, doi or verbatim(value)))
        elif field == "url":
            lines += [(tag, part) for part in verbatim(value).split("\n") if part]
        elif field == "keywords":
            lines += [(tag, keyword) for keyword in split_keyword_text(text(value))]
        elif field == "year":
            lines.append((tag, str(year) if year else text(value)))
        else:
            lines += [(tag, part) for part in text_lines(value)]
    return lines


def plain_ris_lines(doc: PaperDoc) -> list[tuple[str, str]]:
    """`ris_from_bibtex` of a plain document's fields (see `plain_fields`), read straight
    from the document: each field `made_fields` would write, in its order, without
    escaping its text and decoding it back (a third of an RIS export)."""
    year, month, doi = doc.get("year"), doc.get("month"), doc.get("doi", "")
    authors = stored_texts(doc.get("authors"))
    found = plain_names(authors)
    if found is None:
        return ris_from_bibtex(plain_type(doc), plain_fields(doc), year, month, doi)
    lines = [("TY", RIS_TYPES.get(plain_type(doc), "GEN"))]
    lines += [("TI", part) for part in plain_text_lines(doc.get("title") or doc.get("summary", ""))]
    lines += [("AU", name.display) for name in found]
    lines += [("T2", part) for part in plain_text_lines(doc.get("journal", ""))]
    if year:
        lines.append(("PY", str(year)))
        if month and month_abbreviation(month).lower().strip("{}"):
            lines.append(("DA", f"{year}/{month:02d}"))
    elif month:
        month_abbreviation(month)  # what made_fields asks of any month (out of range: raises)
    if doi.strip("{}"):
        lines.append(("DO", doi))
    url = doc.get("url", "")
    if url.strip("{}"):
        lines += [("UR", part) for part in verbatim("{" + url + "}").split("\n") if part]
    lines += [("AB", part) for part in plain_text_lines(doc.get("abstract", ""))]
    return lines


def text_lines(value: str) -> list[str]:
    """A stored value as text, one element a line it had (RIS repeats a tag for each)."""
    return [decoded for line in value_content(value).split("\n") if (decoded := decode(line))]


def split_keyword_text(keywords: str) -> list[str]:
    """`a, b; c` as separate keywords."""
    return [word.strip() for word in re.split(r"[,;]", keywords) if word.strip()]


# CSL -------------------------------------------------------------------------------------


def csl_item(paper: Paper, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The paper as a CSL-JSON item (`id` is its citation key)."""
    return csl_from_bibtex(
        bibtex_type(paper),
        field_map(bibtex_fields(paper)),
        Shown(
            paper.key or paper.id,
            paper.title or paper.summary,
            paper.journal,
            paper.authors,
            paper.doi,
            paper.url,
            paper.abstract,
            paper.year,
            paper.month,
        ),
        extra,
    )


def plain_csl_item(doc: PaperDoc, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """`csl_item` read straight from a plain document (see `ExportEntry.plain_doc`): of
    the fields `made_fields` makes, only the title, authors and journal reach the item
    through BibTeX, so they are read without escaping them and decoding them back (half
    of a CSL-JSON export), and what the fields lack is left out."""
    authors = stored_texts(doc.get("authors"))
    found = plain_names(authors)
    if found is None:
        return _made_csl_item(doc, extra)
    entry_type, journal, month = plain_type(doc), doc.get("journal", ""), doc.get("month")
    if month:
        month_abbreviation(month)  # what made_fields asks of any month (out of range: raises)
    item: dict[str, Any] = {
        "id": doc.get("key") or doc.get("id", ""),
        "type": CSL_TYPES.get(entry_type, "document")
        if entry_type != "article" or journal
        else "article",
        "title": doc.get("title") or doc.get("summary", ""),
    }
    container = (plain_text(journal) if journal else "") or (
        journal if entry_type in ("article", "inproceedings", "incollection") else ""
    )
    publisher = journal if entry_type in ("book", "techreport") and journal != container else ""
    optional: dict[str, Any] = {
        "author": [name.csl() for name in found],
        "container-title": container,
        "publisher": publisher,
        "DOI": doc.get("doi", ""),
        "URL": doc.get("url", ""),
        "abstract": doc.get("abstract", ""),
        "genre": _THESIS_GENRES.get(entry_type, ""),
        "issued": _issued(doc.get("year"), month),
    }
    item.update({key: value for key, value in optional.items() if value})
    item.update(extra or {})
    return item


def _made_csl_item(doc: PaperDoc, extra: dict[str, Any] | None) -> dict[str, Any]:
    """`csl_item` of a plain document from the fields `made_fields` makes of it."""
    shown = Shown(
        doc.get("key") or doc.get("id", ""),
        doc.get("title") or doc.get("summary", ""),
        doc.get("journal", ""),
        stored_texts(doc.get("authors")),
        doc.get("doi", ""),
        doc.get("url", ""),
        doc.get("abstract", ""),
        doc.get("year"),
        doc.get("month"),
    )
    return csl_from_bibtex(plain_type(doc), field_map(plain_fields(doc)), shown, extra)


@dataclass(frozen=True, slots=True)
class Shown:
    """What a CSL item takes from papershelf's own fields of a paper."""

    key: str
    """Its citation key, else its id."""
    title: str
    """Its title, else its summary."""
    journal: str
    authors: Sequence[str]
    doi: str
    url: str
    abstract: str
    year: int | None
    month: int | None


def csl_from_bibtex(
    entry_type: str, fields: Mapping[str, str], paper: Shown, extra: dict[str, Any] | None
) -> dict[str, Any]:
    """`csl_item` from a paper's BibTeX type and fields (by name) and its own fields."""

    def value(*names: str) -> str:
        for name in names:
            if name in fields and (found := text(fields[name])):
                return found
        return ""

    item: dict[str, Any] = {
        "id": paper.key,
        "type": CSL_TYPES.get(entry_type, "document")
        if entry_type != "article" or paper.journal
        else "article",
        "title": paper.title,
    }
    container = value("journal", "journaltitle", "booktitle") or (
        paper.journal if entry_type in ("article", "inproceedings", "incollection") else ""
    )
    publisher = value("publisher", "school", "institution", "organization")
    if not publisher and entry_type in ("book", "techreport") and paper.journal != container:
        publisher = paper.journal
    optional: dict[str, Any] = {
        "author": [name.csl() for name in names(fields["author"])]
        if "author" in fields
        else [name_from_text(author).csl() for author in paper.authors],
        "editor": [name.csl() for name in names(fields["editor"])] if "editor" in fields else [],
        "container-title": container,
        "collection-title": value("series"),
        "volume": value("volume"),
        "issue": value("number", "issue"),
        "page": _PAGE_RANGE.sub("-", value("pages")),
        "publisher": publisher,
        "publisher-place": value("address", "location"),
        "edition": value("edition"),
        "ISBN": value("isbn"),
        "ISSN": value("issn"),
        "DOI": paper.doi,
        "URL": paper.url,
        "abstract": paper.abstract,
        "language": value("language"),
        "genre": value("type") or _THESIS_GENRES.get(entry_type, ""),
        "number": value("number") if entry_type in ("techreport", "report", "patent") else "",
        "issued": _issued(paper.year, paper.month),
        "accessed": _date_parts(value("urldate")),
    }
    if optional["number"]:
        optional["issue"] = ""
    item.update({key: found for key, found in optional.items() if found})
    item.update(extra or {})
    return item


def _issued(year: int | None, month: int | None) -> dict[str, list[list[int]]] | None:
    if not year:
        return None
    parts = [year, month] if month else [year]
    return {"date-parts": [parts]}


def _date_parts(date: str) -> dict[str, list[list[int]]] | None:
    numbers = [int(part) for part in re.findall(r"\d+", date)[:3]]
    if not numbers or numbers[0] < 1000:
        return None
    return {"date-parts": [numbers]}


# The model fields of an imported item ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class Described:
    """What the list, the detail pane and search show of an item (decoded)."""

    title: str
    authors: tuple[str, ...]
    journal: str
    year: int | None
    month: int | None
    doi: str
    url: str
    abstract: str


def describe(fields: Fields, parent: Fields = ()) -> Described:
    """The shown fields of a BibTeX entry; a `crossref` parent fills in where it lacks
    a venue, year or month (a DBLP paper's proceedings)."""
    return described(field_map(fields), field_map(parent))


def described(own: Mapping[str, str], inherited: Mapping[str, str]) -> Described:
    """`describe` for fields already by name (see `field_map`), which the reader of a
    .bib file has made anyway."""
    if inherited and "booktitle" not in inherited and "title" in inherited:
        inherited = {**inherited, "booktitle": inherited["title"]}

    def first(*names: str, use_parent: bool = True) -> str:
        for source in (own, inherited) if use_parent else (own,):
            for name in names:
                if name in source and (found := text(source[name])):
                    return found
        return ""

    date, year = first("date"), first("year")
    month_text = first("month")
    month = month_number(month_text) if month_text else _month_of_date(date or year)
    authors_raw = own.get("author")
    return Described(
        title=first("title", use_parent=False),
        authors=tuple(name.display for name in names(authors_raw)) if authors_raw else (),
        journal=first(*VENUE_FIELDS),
        year=year_of(year or date),
        month=month,
        doi=verbatim(own["doi"]) if "doi" in own else "",
        url=verbatim(own["url"]).split("\n")[0] if "url" in own else "",
        abstract=first("abstract", use_parent=False),
    )


_YEAR: Final = re.compile(r"\b(\d{4})\b")


def year_of(text: str) -> int | None:
    """The first four-digit year in a date field (`2017`, `2017/11//`, `2017-11-03`)."""
    match = _YEAR.search(text)
    return int(match[1]) if match else None


def _month_of_date(date: str) -> int | None:
    """The month of a date (`2017-11`, `2017/11/03/`)."""
    parts = re.split(r"[-/]", date)
    return month_number(parts[1]) if len(parts) > 1 and parts[1] else None


def shown_fields(paper: Paper) -> list[tuple[str, str]]:
    """The item's other fields as (name, text) for the detail pane: the standard ones
    papershelf does not already show elsewhere, then the rest as the file had them."""
    shown_elsewhere = {"title", "author", "journal", "journaltitle", "year", "month", "date"}
    shown_elsewhere |= {"doi", "url", "abstract", "keywords", "annote", "readstatus", "priority"}
    result = []
    for name, value in bibtex_fields(paper):
        field = name.lower()
        if field in shown_elsewhere or field.startswith(OWN_PREFIX):
            continue
        if field in ("editor",):
            shown = "; ".join(person.display for person in names(value))
        elif field in ("file", "url", "doi"):
            shown = verbatim(value)
        else:
            shown = text(value)
        if shown:
            result.append((name, shown))
    return result
