"""Where a paper can be read: its DOI or URL, else a literature search built from it.

Most seed papers have neither a DOI nor a URL, only a journal, a date and a one-line
summary; a search of a literature database with those words is then the shortest way
to the real paper. The search is a URL template, so the reader can pick the database.
"""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import quote, quote_plus

from .errors import BadInputError
from .records import Paper
from .text import fold

DOI_RESOLVER: Final = "https://doi.org/"
SEARCH_ENGINES: Final = {
    "pubmed": "https://pubmed.ncbi.nlm.nih.gov/?term={query}",
    "scholar": "https://scholar.google.com/scholar?q={query}",
    "openalex": "https://api.openalex.org/works?search={query}",
    "semantic-scholar": "https://www.semanticscholar.org/search?q={query}",
}
"""Literature searches offered by name; a setting may also give its own template."""
DEFAULT_SEARCH: Final = "pubmed"
TEMPLATE_FIELDS: Final = ("query", "words", "journal", "year")
"""What a search template may use: `{query}` is the words, the journal and the year."""
SEARCH_WORDS: Final = 6
"""How many of the summary's words go into a search (more finds nothing)."""

_VISIBLE: Final = r"[^\s\x00-\x1f\x7f]+"
_DOI: Final = re.compile(
    rf"(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?(10\.\d+(?:\.\d+)*/{_VISIBLE})", re.I
)
_URL: Final = re.compile(rf"https?://{_VISIBLE}", re.I)
_FIELD: Final = re.compile(r"\{([^{}]*)\}")
_URL_SAFE: Final = ":/?#[]@!$&'()*+,;=%~"
_WORD: Final = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
_WEAK_WORDS: Final = """
    a an and are as at be been but by can could do does for from had has have how in
    into is it its may might more most no not of on or over than that the their them
    then there these they this those through to under up was were what when which while
    who why will with without would also often many much usually very help helps helped
    tiny may can cause causes show shows shown found
"""
"""Words that narrow no search: stop words, and the vague words of plain summaries."""
_STOP_WORDS: Final = frozenset(_WEAK_WORDS.split())
_DATABASES: Final = frozenset({"pubmed", "europe pmc", "google scholar", "semantic scholar"})
"""Names seed documents give in place of a journal: no use in a search."""


def check_doi(text: str) -> str:
    """A DOI as stored: `10.x/y`, from a bare DOI, `doi:10.x/y` or a doi.org link."""
    found = _DOI.fullmatch(text.strip())
    if found is None:
        raise BadInputError(f"not a DOI (10.NNNN/...): {text!r}")
    return found.group(1)


def check_url(text: str) -> str:
    """A web address as stored: http(s) only, with no spaces or control characters."""
    if _URL.fullmatch(text.strip()) is None:
        raise BadInputError(f"not a web address (https://...): {text!r}")
    return text.strip()


def classify_link(text: str) -> tuple[str, str]:
    """What the reader typed into the link box: ("doi", doi) or ("url", url)."""
    if _DOI.fullmatch(text.strip()):
        return "doi", check_doi(text)
    return "url", check_url(text)


def doi_url(doi: str) -> str:
    """The resolver link of a DOI (its characters escaped as the DOI handbook asks)."""
    return DOI_RESOLVER + quote(doi, safe="/:;()._-")


def safe_url(url: str) -> str:
    """A URL with nothing a terminal could take for a control sequence (`%XX` instead)."""
    return quote(url, safe=_URL_SAFE)


def paper_link(paper: Paper) -> str | None:
    """The paper's own link: the DOI's, else its URL; None when it has neither."""
    if paper.doi:
        return doi_url(paper.doi)
    if paper.url:
        return safe_url(paper.url)
    return None


def check_template(template: str) -> str:
    """A search template by name, or one of the reader's own (an http(s) URL using
    only the fields in TEMPLATE_FIELDS); the template, as a URL."""
    template = SEARCH_ENGINES.get(template.strip().lower(), template.strip())
    if _URL.fullmatch(template) is None:
        names = ", ".join(SEARCH_ENGINES)
        raise BadInputError(f"{template!r} is neither {names} nor an https:// template")
    unknown = [name for name in _FIELD.findall(template) if name not in TEMPLATE_FIELDS]
    if unknown:
        fields = ", ".join("{" + name + "}" for name in TEMPLATE_FIELDS)
        raise BadInputError(f"unknown field {{{unknown[0]}}} in {template!r} (use {fields})")
    return template


def search_words(summary: str) -> list[str]:
    """The summary's telling words, in order: no stop words, no repeats."""
    words: dict[str, str] = {}
    for word in _WORD.findall(summary):
        if fold(word) not in _STOP_WORDS:
            words.setdefault(fold(word), word)
    return list(words.values())[:SEARCH_WORDS]


def literature_search(paper: Paper, template: str = DEFAULT_SEARCH) -> str:
    """A literature search for the paper: its summary's words, journal and year."""
    words = " ".join(search_words(paper.title or paper.summary))
    year = "" if paper.year is None else str(paper.year)
    journal = "" if fold(paper.journal) in _DATABASES else paper.journal
    quoted = f'"{journal}"' if journal else ""
    values = {
        "query": " ".join(part for part in (words, quoted, year) if part),
        "words": words,
        "journal": journal,
        "year": year,
    }
    return _FIELD.sub(lambda field: quote_plus(values[field.group(1)]), check_template(template))


def open_target(paper: Paper, template: str = DEFAULT_SEARCH) -> tuple[str, bool]:
    """Where `o` goes: (the paper's link, False), else (a literature search, True)."""
    link = paper_link(paper)
    if link is not None:
        return link, False
    return literature_search(paper, template), True
