"""A seed document's papers are made as catalog documents straight away (the fast path of
an import): each must be what the paper's record writes, field for field and in the
same order, since the catalog file is those documents' bytes."""

from __future__ import annotations

import string
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from storage.citation_keys import KeyRegistry, seed_key
from storage.records import Paper
from storage.seeds import SeedDocument, format_seed, parse_seed

_word = st.text(string.ascii_letters + "éüßø’“-", min_size=1, max_size=8)
_sentence = (
    st.lists(_word, min_size=1, max_size=6)
    .map(lambda words: " ".join(words) + ".")
    .filter(lambda sentence: sentence[:5].lower() != "tldr ")
)
_journal = st.sampled_from(["Journal of X", "Cells / Tissues", "Naïve & Co", "J"])
_related = st.tuples(
    st.none() | st.just(0) | st.integers(min_value=1, max_value=10**7),  # 0 is not unknown
    st.integers(min_value=1000, max_value=9999),
    st.none() | st.integers(min_value=1, max_value=12),
    _journal,
    _sentence,
)
_documents = st.builds(
    format_seed,
    _sentence,
    st.sampled_from(["An abstract.", "Two\nlines."]),
    # Drawn from a few, so that a document lists the same paper twice.
    st.lists(_related, max_size=4).flatmap(
        lambda pool: st.lists(st.sampled_from(pool), max_size=8) if pool else st.just([])
    ),
)
_moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)
) | st.just(datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=2))))


def _records(document: SeedDocument, now: datetime, keys: KeyRegistry | None) -> list[Paper]:
    """The general path: a record for each paper of the document (report first, each
    paper once), its key claimed as it is made, as imports made them before."""

    def key(journal: str, year: int | None, summary: str) -> str:
        return keys.claim(seed_key(journal, year, summary)) if keys else ""

    report = Paper(
        id=document.report_id,
        kind="report",
        summary=document.tldr,
        abstract=document.abstract,
        sources=(document.source_id,),
        added_at=now,
        key=key("", None, document.tldr),
    )
    papers = {report.id: report}
    for entry in document.related:
        if entry.paper_id not in papers:
            papers[entry.paper_id] = Paper(
                id=entry.paper_id,
                kind="related",
                summary=entry.summary,
                journal=entry.journal,
                year=entry.year,
                month=entry.month,
                citations=entry.citations,
                sources=(document.source_id,),
                added_at=now,
                key=key(entry.journal, entry.year, entry.summary),
            )
    return list(papers.values())


@settings(max_examples=200)
@given(_documents, _moments, st.booleans())
def test_a_seed_documents_papers_are_the_documents_their_records_write(
    text: str, now: datetime, with_keys: bool
) -> None:
    document = parse_seed(text)
    taken = ["journal2020x"]  # a key the library has: a paper wanting it gets a suffix
    records = _records(document, now, KeyRegistry(taken) if with_keys else None)
    claims = KeyRegistry(taken)

    def key_for(paper_id: str, journal: str, year: int | None, summary: str) -> str:
        return claims.claim(seed_key(journal, year, summary))

    source, docs = document.to_docs(now, key_for if with_keys else None)
    assert [list(doc.items()) for doc in docs] == [list(p.to_doc().items()) for p in records]
    # A paper the library or the import has already is merged as its record.
    assert [Paper.from_doc(doc) for doc in docs] == records
    assert source.paper_ids == tuple(doc["id"] for doc in docs[1:])
    assert (source.id, source.report_id, source.imported_at) == (
        document.source_id,
        docs[0]["id"],
        now,
    )


def test_a_report_without_an_abstract_or_key_keeps_only_its_own_fields() -> None:
    """A document made in code may have no abstract (a parsed one always has one)."""
    document = SeedDocument("a.txt", "A report.", "", (), "0" * 64)
    now = datetime(2026, 1, 2, tzinfo=UTC)
    _, docs = document.to_docs(now)
    assert [list(doc.items()) for doc in docs] == [
        list(paper.to_doc().items()) for paper in _records(document, now, None)
    ]
    assert list(docs[0]) == ["id", "summary", "sources", "added_at", "kind"]
