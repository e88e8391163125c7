"""The command line on many papers: ids or --query, one change each, and --dry-run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_runner import cli, listed
from support import FIRST_SEED, FIXTURES, journal_lines

JABREF = FIXTURES / "bibliographies" / "jabref.bib"


@pytest.fixture
def db(db_path: Path) -> str:
    """The first seed and the JabRef fixture, imported through the CLI."""
    assert cli("--db", str(db_path), "import", str(FIRST_SEED), str(JABREF))[0] == 0
    return str(db_path)


def ids_of(db: str, *query: str) -> list[str]:
    return [str(paper["id"]) for paper in listed(db, *query)]


@pytest.mark.parametrize(
    ("args", "query", "words", "field", "value"),
    [
        (["read"], "hair", "marked {} papers read", "status", "read"),
        (["status"], "hair", "marked {} papers queued", "status", "queued"),
        (["status"], "year:..2015", "marked {} papers as reading", "status", "reading"),
        (["prio"], "hair", "gave {} papers priority 2", "priority", 2),
        (["tag"], "hair", "tagged {} papers +bulk -x", "tags", "bulk"),
        (["note"], "hair", "added to the note of {} papers", "note", "later"),
        (["delete"], "hair", "deleted {} papers", "deleted", True),
    ],
)
def test_every_state_command_takes_a_query_as_one_change(
    db: str, args: list[str], query: str, words: str, field: str, value: object
) -> None:
    """Each command with --query changes every paper the query finds, in one write, and
    one undo takes it back from all of them."""
    found = set(ids_of(db, query))
    before = listed(db, "")
    extra = {
        "status": ["reading" if "reading" in words else "queued"],
        "prio": ["2"],
        "tag": ["+bulk", "-x"],
        "note": ["--append", "later"],
    }.get(args[0], [])
    writes = journal_lines(Path(db))
    status, out, err = cli("--db", db, *args, "--query", query, *extra)
    assert len(found) > 2
    assert (status, out.strip()) == (0, words.format(len(found))), err
    assert journal_lines(Path(db)) == writes + 1
    every = {str(paper["id"]): paper for paper in listed(db, "") + _trash(db)}
    changed = {pid for pid, paper in every.items() if _has(paper[field], value)}
    assert found <= changed and len(changed - found) <= 1  # Gentile2020 came in read
    assert cli("--db", db, "undo")[0] == 0
    assert listed(db, "") == before


def test_unread_with_a_query_makes_every_read_paper_found_unread_in_one_write(db: str) -> None:
    """unread --query takes back the read status of the papers found, in one write."""
    cli("--db", db, "read", "--query", "hair")
    read = ids_of(db, "hair is:read")
    writes = journal_lines(Path(db))
    status, out, err = cli("--db", db, "unread", "--query", "hair")
    assert (status, out.strip()) == (0, f"marked {len(read)} papers unread"), err
    assert journal_lines(Path(db)) == writes + 1
    assert len(read) > 2 and ids_of(db, "hair is:read") == []
    assert set(ids_of(db, "hair is:new")) == set(read)


def _has(field: object, value: object) -> bool:
    """Whether a listed field holds the value (a tag among the tags, the note's end)."""
    if isinstance(field, list):
        return value in field
    if isinstance(field, str) and isinstance(value, str):
        return field.endswith(value)
    return field == value


def _trash(db: str) -> list[dict[str, object]]:
    status, out, _ = cli("--db", db, "trash", "--json")
    result: list[dict[str, object]] = json.loads(out)
    return result


def test_status_and_prio_take_ids_and_print_one(db: str) -> None:
    """`status ID... STATUS` sets; `status ID` prints; the same for prio, `none` clears."""
    first, second = ids_of(db, "hair")[:2]
    assert cli("--db", db, "status", first[:6], second[:6], "skimmed")[1] == (
        "marked 2 papers skimmed\n"
    )
    assert cli("--db", db, "status", first[:6])[1] == "skimmed\n"
    assert cli("--db", db, "prio", first[:6], "1")[1] == "gave 1 paper priority 1\n"
    assert cli("--db", db, "prio", first)[1] == "1\n"
    assert cli("--db", db, "prio", first, "none")[1] == "cleared the priority of 1 paper\n"
    assert cli("--db", db, "prio", first)[1] == "none\n"
    assert ids_of(db, "is:skimmed") == [first, second]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["status", "2332", "later"], "give the status last, one of new, queued, reading"),
        (["status", "queued"], "name the papers"),
        (["prio", "2332", "high"], "give the priority last, one of 1, 2, 3, none"),
        (["status", "2332", "--query", "hair", "read"], "ids or --query, not both"),
        (["note", "--query", "hair"], "name one paper to print its note"),
        (["tags", "--rename", "nothing", "x"], "no paper has the tag 'nothing'"),
        (["tags", "--rename", "x", " "], "a tag name cannot be empty"),
        (["tags", "hair", "--rename", "a", "b"], "give no query"),
        (["export", "--format", "csv", "--query", "hair", "2332"], "not both"),
    ],
)
def test_bad_arguments_say_what_to_write(db: str, args: list[str], message: str) -> None:
    """A missing or unknown value is bad input (exit 1) that says what is expected."""
    status, out, err = cli("--db", db, *args)
    assert (status, out) == (1, "")
    assert message in err


def test_dry_run_prints_the_papers_and_changes_nothing(db: str, db_path: Path) -> None:
    """--dry-run on any changing command names the papers and writes no byte."""
    cli("--db", db, "tag", "--query", "hair", "+x")
    before = db_path.read_bytes(), db_path.with_suffix(".journal").read_bytes()
    hair = ids_of(db, "hair")
    for args in (
        ["read", "--dry-run", "--query", "hair"],
        ["status", "--query", "hair", "dropped", "--dry-run"],
        ["prio", "--dry-run", *hair[:2], "3"],
        ["tag", "--query", "hair", "+y", "-x", "--dry-run"],
        ["note", *hair, "--append", "x", "--dry-run"],
        ["delete", "--dry-run", *hair],
        ["tags", "--rename", "x", "z", "--dry-run"],
    ):
        status, out, err = cli("--db", db, *args)
        assert status == 0, (args, err)
        first, *rows = out.splitlines()
        assert first.startswith("would have ") and first.endswith("(dry run: nothing changed)")
        assert {row.split()[0] for row in rows} <= {pid[:8] for pid in hair}, args
        assert rows, args
    assert (db_path.read_bytes(), db_path.with_suffix(".journal").read_bytes()) == before
    status, out, _ = cli("--db", db, "read", "--dry-run", "--query", "hair")
    assert out.splitlines()[0] == (
        f"would have marked {len(hair)} papers read (dry run: nothing changed)"
    )


def test_tags_lists_counts_and_renames_as_one_step(db: str) -> None:
    """`tags` counts (a query narrows it; --json for scripts); --rename merges into an
    existing tag across the library, and one undo takes it back."""
    cli("--db", db, "tag", "--query", "hair", "+todo")
    cli("--db", db, "tag", "--query", "year:2021", "+Later")
    status, out, _ = cli("--db", db, "tags")
    assert status == 0
    counts = {line.split(maxsplit=1)[1]: int(line.split()[0]) for line in out.splitlines()}
    assert counts["todo"] == len(ids_of(db, "hair")) and counts["segmentation"] == 1
    assert counts["Later"] == len(ids_of(db, "year:2021"))
    status, out, _ = cli("--db", db, "tags", "--json", "year:2021")
    assert {"tag": "Later", "count": counts["Later"]} in json.loads(out)
    both = len(set(ids_of(db, "tag:todo")) | set(ids_of(db, "tag:later")))
    writes = journal_lines(Path(db))
    status, out, _ = cli("--db", db, "tags", "--rename", "TODO", "later")
    renamed = counts["todo"]
    assert (status, out.strip()) == (0, f"renamed the tag TODO to later on {renamed} papers")
    assert (len(ids_of(db, "tag:later")), ids_of(db, "tag:todo")) == (both, [])
    assert journal_lines(Path(db)) == writes + 1
    assert cli("--db", db, "undo")[1].startswith("Undone: renamed the tag TODO to later")
    assert len(ids_of(db, "tag:todo")) == renamed


@pytest.mark.parametrize("name", ["x,y", "x; y"])
def test_a_tag_is_never_renamed_to_a_name_that_would_split(db: str, name: str) -> None:
    """A comma or a semicolon separates tags in the tag dialog and in BibTeX's keywords:
    a tag holding one would come back from a round trip as two."""
    cli("--db", db, "tag", "--query", "hair", "+todo")
    writes = journal_lines(Path(db))
    status, _, err = cli("--db", db, "tags", "--rename", "todo", name)
    assert status == 1 and "cannot hold a comma or a semicolon" in err
    assert journal_lines(Path(db)) == writes
    first = ids_of(db, "hair")[0]
    assert cli("--db", db, "tag", first, f"+{name}")[0] == 0
    (paper,) = [paper for paper in listed(db, "hair") if paper["id"] == first]
    assert paper["tags"] == ["todo", "x", "y"], "given at once, they are two tags"


def test_note_set_and_append_on_many_papers(db: str) -> None:
    """--append adds a paragraph to each note (- reads stdin); --set replaces them."""
    first, second = ids_of(db, "hair")[:2]
    cli("--db", db, "note", first, "--set", "Mine.")
    assert cli("--db", db, "note", first, second, "--append", "-", stdin="Both.\n")[0] == 0
    assert cli("--db", db, "note", first)[1] == "Mine.\n\nBoth.\n"
    assert cli("--db", db, "note", second)[1] == "Both.\n"
    status, out, _ = cli("--db", db, "note", "--query", "tag:none-such", "--set", "x")
    assert (status, out.strip()) == (0, "edited the note of 0 papers")


def test_export_takes_ids_keys_or_a_query(db: str) -> None:
    """export names papers by id or citation key (in that order), else a query."""
    hair = ids_of(db, "hair")
    status, out, _ = cli("--db", db, "export", "--format", "csv", hair[3][:6], "Kim2019")
    rows = out.splitlines()[1:]
    assert status == 0 and [row.split(",")[0] for row in rows] == [hair[3], ids_of(db, "kim")[0]]
    status, out, _ = cli("--db", db, "export", "--format", "csv", "--query", "hair")
    assert len(out.splitlines()) == 1 + len(hair) - 1  # the case report is not exported
    status, out, _ = cli("--db", db, "export", "--format", "csv", "hair", "-chemo")
    assert status == 0 and len(out.splitlines()) == 1 + len(ids_of(db, "hair -chemo"))


@pytest.mark.parametrize("output", [[], ["-o", "out.bib"]])
def test_an_export_of_keys_with_one_mistyped_is_an_error(
    db: str, tmp_path: Path, output: list[str]
) -> None:
    """Kim2019 and a key that is no paper's: nothing matches them as a query either, so
    the export says which word names nothing and exits 1, writing no file; --query of a
    search that finds nothing is still an empty export."""
    output = [str(tmp_path / part) if part == "out.bib" else part for part in output]
    status, out, err = cli(
        "--db", db, "export", "--format", "bibtex", *output, "Kim2019", "Kim2091"
    )
    assert (status, out) == (1, "")
    assert "no paper has the id or citation key 'Kim2091'" in err
    assert not (tmp_path / "out.bib").exists()
    status, out, _ = cli("--db", db, "export", "--format", "bibtex", "--query", "Kim2091")
    assert (status, out) == (0, "")


def test_a_citation_key_names_a_paper_wherever_an_id_does(db: str) -> None:
    """tag, status, read and note take the citation key a reader has in their .bib, as
    export and cite do; an empty + or - is an error, not a silent listing."""
    (kim,) = ids_of(db, "key:Kim2019")
    assert cli("--db", db, "tag", "kim2019", "+dataset")[0] == 0
    assert cli("--db", db, "status", "Kim2019", "queued")[0] == 0
    assert cli("--db", db, "note", "Kim2019", "--set", "Keyed.")[0] == 0
    (paper,) = listed(db, "key:Kim2019")
    assert (paper["id"], paper["status"], paper["note"]) == (kim, "queued", "Keyed.")
    assert isinstance(paper["tags"], list) and paper["tags"][-1] == "dataset"
    status, _, err = cli("--db", db, "tag", "Kim2019", "+")
    assert status == 1 and "+ names no tag" in err
    status, _, err = cli("--db", db, "read", "Kim2091")
    assert status == 1 and "no paper has the id or citation key 'kim2091'" in err


def test_jabref_status_and_priority_are_listed(db: str) -> None:
    """list --json carries status and priority; the row shows them."""
    (gentile,) = listed(db, "key:gentile2020")
    assert (gentile["status"], gentile["priority"], gentile["read"]) == ("read", 1, True)
    status, out, _ = cli("--db", db, "list", "key:gentile2020")
    assert "[x] P1" in out
