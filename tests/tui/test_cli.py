"""The `papershelf` command line: every command, its output and its exit status."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_runner import cli, listed
from support import FIRST_SEED, FIXTURES, SEED_FIXTURES


@pytest.fixture
def db(db_path: Path) -> str:
    """A library holding the first seed, imported through the CLI."""
    status, out, _ = cli("--db", str(db_path), "import", str(FIRST_SEED))
    assert status == 0
    assert "9 new papers" in out
    return str(db_path)


def test_list_json_has_the_documented_fields(db: str) -> None:
    """Each element carries at least the documented fields, with the right types."""
    papers = listed(db)
    assert len(papers) == 10
    required = {
        "id",
        "kind",
        "summary",
        "abstract",
        "journal",
        "year",
        "month",
        "citations",
        "sources",
        "read",
        "tags",
        "note",
    }
    for paper in papers:
        assert required <= paper.keys()
        assert paper["sources"] == [FIRST_SEED.name]
    kinds = sorted(str(p["kind"]) for p in papers)
    assert kinds == ["related"] * 9 + ["report"]
    unknown = [p for p in papers if p["citations"] is None and p["kind"] == "related"]
    assert len(unknown) == 2


def test_list_text_and_query(db: str) -> None:
    """Plain list prints one row per paper; a query narrows it."""
    status, out, _ = cli("--db", db, "list", "hair", "-chemotherapy")
    assert status == 0
    rows = out.strip().splitlines()
    assert len(rows) == 2  # the case report mentions chemotherapy in its abstract
    assert all("[ ]" in row for row in rows)


def test_read_unread_tag_note_round_trip(db: str) -> None:
    """read, unread, tag and note change the file, and list shows the result."""
    target = next(p for p in listed(db) if p["citations"] == 113)
    prefix = str(target["id"])[:6]
    assert cli("--db", db, "read", prefix)[0] == 0
    assert listed(db, "is:read")[0]["id"] == target["id"]
    status, out, _ = cli("--db", db, "tag", prefix, "+Hair", "+stem,EV", "-nothing")
    assert (status, out.strip()) == (0, "tagged 1 paper +Hair +stem +EV -nothing")
    status, out, _ = cli("--db", db, "tag", prefix, "-stem")
    assert out.strip() == "untagged 1 paper -stem"
    assert cli("--db", db, "tag", prefix)[1].strip() == "Hair, EV"
    assert listed(db, "tag:ev")[0]["tags"] == ["Hair", "EV"]
    assert cli("--db", db, "note", prefix, "--set", "Line one\n\n*two*")[0] == 0
    assert cli("--db", db, "note", prefix)[1] == "Line one\n\n*two*\n"
    assert cli("--db", db, "note", prefix, "--set", "-", stdin="from stdin\n")[0] == 0
    assert listed(db, "is:noted")[0]["note"] == "from stdin"
    assert cli("--db", db, "unread", prefix)[0] == 0
    assert listed(db, "is:read") == []


def test_bad_input_exits_1_with_message_on_stderr(db: str, tmp_path: Path) -> None:
    """Unknown ids, ambiguous prefixes, bad queries and bad arguments exit 1, no traceback."""
    cases = [
        ("read", "nothing-like-this"),
        ("list", "year:abc"),
        ("list", '"open'),
        ("tag",),
        ("frobnicate",),
        ("import", str(tmp_path / "missing.txt")),
    ]
    for args in cases:
        status, out, err = cli("--db", db, *args)
        assert status == 1, args
        assert err.strip() and "Traceback" not in err, args


def test_ambiguous_prefix_changes_nothing(db: str) -> None:
    """When one of several ids is bad, none of them is marked."""
    ids = [str(p["id"]) for p in listed(db)]
    status, _, err = cli("--db", db, "read", ids[0], "zz")
    assert status == 1 and "zz" in err
    assert listed(db, "is:read") == []


def test_broken_document_is_named_with_its_line(db_path: Path, tmp_path: Path) -> None:
    """import prints file:line: expected ... and imports nothing from that file."""
    bad = tmp_path / "bad.txt"
    bad.write_text("TLDR ok.\nAbstract.\n12 citations,\nsomething else\n", encoding="utf-8")
    status, out, err = cli(
        "--db", str(db_path), "import", str(bad), str(SEED_FIXTURES / "basic.txt")
    )
    assert status == 1
    assert f"{bad}:4: expected an entry" in err
    assert "basic.txt: 1 new paper\n" in out
    assert len(listed(str(db_path))) == 2


def test_unusable_library_exits_2(tmp_path: Path) -> None:
    """A corrupt library file is reported with its path and left alone."""
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    status, _, err = cli("--db", str(broken), "list")
    assert status == 2
    assert str(broken) in err and "not valid JSON" in err
    assert broken.read_text() == "{not json"


def test_env_var_and_db_after_command(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """PAPERSHELF_DB names the library; --db also works after the subcommand."""
    monkeypatch.setenv("PAPERSHELF_DB", db)
    assert len(listed(db)) == 10
    status, out, _ = cli("list", "--json")
    assert status == 0 and len(json.loads(out)) == 10
    status, out, _ = cli("list", "--db", db, "--json")
    assert status == 0 and len(json.loads(out)) == 10


def test_default_library_starts_with_bundled_seeds(tmp_path: Path) -> None:
    """With no --db and no env var, the user data dir library is seeded on first use."""
    status, out, err = cli("list", "--json")
    assert status == 0
    assert "bundled seed documents" in err
    assert len(json.loads(out)) == 10
    assert (tmp_path / "xdg-data" / "papershelf" / "library.json").exists()
    status, _, err = cli("list")
    assert "bundled" not in err  # only the first time


def test_named_new_library_starts_empty(tmp_path: Path) -> None:
    """A library at a path the user names starts empty."""
    status, out, _ = cli("--db", str(tmp_path / "new.json"), "list", "--json")
    assert (status, json.loads(out)) == (0, [])


def test_module_entry_point_runs(db: str) -> None:
    """`python -m tui` is the same command line, in a real process."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    result = subprocess.run(
        [sys.executable, "-m", "tui", "--db", db, "list", "cites:>100", "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert [p["citations"] for p in json.loads(result.stdout)] == [113]


def test_app_does_not_start_on_an_unusable_library(tmp_path: Path) -> None:
    """With no subcommand, a broken library is reported (exit 2) before any screen is drawn."""
    broken = tmp_path / "broken.json"
    broken.write_text('{"meta": {"1": {"schema_version": 99}}, "state": {}}')
    status, _, err = cli("--db", str(broken))
    assert status == 2
    assert "newer papershelf" in err


def test_export_to_file_and_stdout(tmp_path: Path) -> None:
    """export writes the chosen format, selected by the search language, to -o or stdout."""
    db = str(tmp_path / "lib.json")
    assert cli("--db", db, "import", str(FIRST_SEED))[0] == 0
    assert cli("--db", db, "tag", "2332", "+cite")[0] == 0
    target = tmp_path / "out.json"
    status, out, err = cli(
        "--db", db, "export", "--format", "csl-json", "-o", str(target), "tag:cite"
    )
    assert status == 0 and out == ""
    assert f"Exported 1 paper (search: tag:cite · sort: recently added) to {target}" in err
    # CSL ids are citation keys, as in BibTeX and RIS: Pandoc's [@key] reads any of them
    assert [item["id"] for item in json.loads(target.read_text())] == ["scientific2017tiny"]
    status, out, _ = cli("--db", db, "export", "--format", "csv", "-is:read")
    assert status == 0 and len(out.splitlines()) == 1 + 9


def test_export_errors_are_bad_input(tmp_path: Path) -> None:
    """An unknown format, a bad query or an unwritable file exit 1 and write nothing."""
    db = str(tmp_path / "lib.json")
    cli("--db", db, "import", str(FIRST_SEED))
    assert cli("--db", db, "export", "--format", "docx")[0] == 1
    status, _, err = cli("--db", db, "export", "--format", "ris", "year:abc")
    assert status == 1 and "year: takes a number" in err
    missing = tmp_path / "no" / "such" / "folder" / "out.ris"
    status, _, err = cli("--db", db, "export", "--format", "ris", "-o", str(missing))
    assert status == 1 and f"cannot write {missing}" in err
    assert not missing.parent.exists()
    catalog = tmp_path / "lib.catalog.json"
    before = catalog.read_bytes()
    status, _, err = cli("--db", db, "export", "--format", "bibtex", "-o", str(catalog))
    assert status == 1
    assert f"cannot write {catalog}: it is this library's own file lib.catalog.json" in err
    assert catalog.read_bytes() == before


def test_import_bibtex_and_ris_from_the_command_line(tmp_path: Path) -> None:
    db = str(tmp_path / "lib.json")
    bibliographies = FIXTURES / "bibliographies"
    status, out, _ = cli(
        "--db",
        db,
        "import",
        str(bibliographies / "zotero.bib"),
        str(bibliographies / "endnote.ris"),
    )
    assert status == 0
    assert "zotero.bib: 3 new papers" in out
    assert "endnote.ris: 1 new paper, 1 already in the library" in out


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("", ": no entries found"),
        ("% only a comment\n", ": no entries found"),
        (
            "@article{a,\n  title = {A}\n  year = 2020\n}\n",
            ":3: entry @article{a,: expected a comma",
        ),
        ("@article{a,\n  title = {A}},\n  year = 2020\n}\n", ":4: a '}' outside any entry"),
        (
            "@article{a,\n  title = {A $x^2 \\emph{b} \\frac{1}$ \\begin{itemize} \\item},\n"
            '  author = {M{\\"u}ller, Anna and {Bob}, C, D, E and , and},\n}\n',
            "",
        ),
    ],
)
def test_bibtex_problems_are_told_in_our_words_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, said: str
) -> None:
    """A broken or empty .bib is refused with its 1-based line (never "already imported");
    nothing the BibTeX and LaTeX libraries log reaches the terminal, odd LaTeX included."""
    path = tmp_path / "odd.bib"
    path.write_text(content)
    status, out, err = cli("--db", str(tmp_path / "lib.json"), "import", str(path))
    assert capsys.readouterr() == ("", "")  # the loggers' fallback would write to stderr
    assert "already imported" not in out + err
    if said:
        assert status == 1 and err.startswith(f"refused {path}{said}")
        assert err.count("\n") == 1
    else:
        assert (status, err) == (0, "") and "1 new paper" in out


def test_state_commands_take_many_ids_or_a_query(db: str) -> None:
    """read, tag, delete and restore act on several ids or on a query's papers at once."""
    ids = [str(p["id"]) for p in listed(db) if p["kind"] == "related"]
    status, out, _ = cli("--db", db, "read", ids[0][:6], ids[1][:6])
    assert (status, out.strip()) == (0, "marked 2 papers read")
    status, out, _ = cli("--db", db, "tag", "--query", "hair", "+bulk")
    assert (status, out.strip()) == (0, "tagged 5 papers +bulk")  # the report too, as in list
    assert len(listed(db, "tag:bulk")) == 5
    status, out, _ = cli("--db", db, "unread", "--query", "is:read")
    assert (status, out.strip()) == (0, "marked 2 papers unread")


def test_tag_refuses_a_word_that_is_no_paper(db: str) -> None:
    """A bare word in `tag` is an id: one that names no paper is an error, never a tag."""
    status, _, err = cli("--db", db, "tag", "2332", "bulk")
    assert status == 1
    assert "unknown paper id 'bulk' (to add the tag, write +bulk)" in err
    assert listed(db, "tag:bulk") == []


def test_delete_trash_and_restore(db: str) -> None:
    """Deleted papers leave list, show in trash with their state, and come back."""
    target = next(p for p in listed(db) if p["citations"] == 113)
    prefix = str(target["id"])[:6]
    cli("--db", db, "tag", prefix, "+keep")
    status, out, _ = cli("--db", db, "delete", prefix)
    assert (status, out.strip()) == (0, "deleted 1 paper")
    assert target["id"] not in [p["id"] for p in listed(db)]
    status, out, _ = cli("--db", db, "trash", "--json")
    (trashed,) = json.loads(out)
    assert (trashed["id"], trashed["tags"], trashed["deleted"]) == (target["id"], ["keep"], True)
    status, out, _ = cli("--db", db, "restore", prefix)
    assert (status, out.strip()) == (0, "restored 1 paper")
    assert target["id"] in [p["id"] for p in listed(db, "tag:keep")]


def test_reimporting_a_deleted_paper_says_it_stays_in_the_trash(db: str) -> None:
    """An import does not bring a deleted paper back silently."""
    assert cli("--db", db, "delete", "--query", "year:2017")[0] == 0
    status, out, _ = cli("--db", db, "import", str(FIRST_SEED))
    assert status == 0
    assert "already imported, nothing changed; 1 paper of it in the trash" in out
    assert len(listed(db)) == 9


def test_undo_and_redo_from_the_command_line(db: str) -> None:
    """undo and redo print what they did, last across processes, and say when there is none."""
    cli("--db", db, "tag", "--query", "hair", "+review")
    status, out, _ = cli("--db", db, "undo")
    assert (status, out.strip()) == (0, "Undone: tagged 5 papers +review")
    assert listed(db, "tag:review") == []
    status, out, _ = cli("--db", db, "redo")
    assert (status, out.strip()) == (0, "Redone: tagged 5 papers +review")
    assert cli("--db", db, "redo")[2].strip() == "nothing to redo"
    for _ in range(2):  # the tag, then the import
        assert cli("--db", db, "undo")[0] == 0
    assert listed(db) == []
    status, _, err = cli("--db", db, "undo")
    assert (status, err.strip()) == (1, "nothing to undo")


ZOTERO_BIB = FIXTURES / "bibliographies" / "zotero.bib"


@pytest.fixture
def bib_db(db: str) -> str:
    """The first seed plus the Zotero-style fixture."""
    assert cli("--db", db, "import", str(ZOTERO_BIB))[0] == 0
    return db


def test_cite_formats_papers_named_by_key_or_id(bib_db: str) -> None:
    """cite takes citation keys and id prefixes, in APA unless told otherwise."""
    status, out, err = cli("--db", bib_db, "cite", "zhou2017exosomes", "900133")
    assert status == 0, err
    zhou, lee = out.splitlines()
    assert zhou.startswith("Zhou, L., Müller, A., & van der Berg, P. (2017). Exosomes from")
    assert "https://doi.org/10.1038/S41598-017-15505-3" in zhou
    assert lee.startswith("Lee, M. (2021, May). Cell Therapy for Severe Psoriasis.")


def test_cite_takes_a_query_and_a_style(bib_db: str) -> None:
    """Words that are not keys or ids are a query; Vancouver numbers the entries."""
    status, out, _ = cli("--db", bib_db, "cite", "--style", "vancouver", "author:zhou")
    assert status == 0
    assert out.splitlines() == [
        "1. Zhou L, Müller A, van der Berg P. Exosomes from Dermal Papilla Cells Promote Hair"
        " Growth in Müller's Mice. Scientific Reports. 2017Nov."
        " doi:10.1038/S41598-017-15505-3"
    ]


def test_cite_refuses_an_unknown_style_listing_the_styles(bib_db: str) -> None:
    """An unknown style is bad input: the message names the short styles and close ones."""
    status, out, err = cli("--db", bib_db, "cite", "--style", "apaa", "zhou2017exosomes")
    assert (status, out) == (1, "")
    assert "unknown citation style 'apaa'; did you mean apa" in err
    assert "apa, chicago, harvard, ieee, mla, nature, vancouver" in err
    assert "--list-styles" in err
    _, _, err = cli("--db", bib_db, "cite", "--style", "nonesuch", "zhou2017exosomes")
    assert "unknown citation style 'nonesuch'. Available: apa, chicago," in err
    status, out, _ = cli("--db", bib_db, "cite", "--list-styles")
    assert status == 0 and "vancouver  = vancouver-nlm" in out and "\nnature\n" in out


def test_cite_with_nothing_found_is_bad_input(bib_db: str) -> None:
    """A query that finds nothing says so (exit 1) instead of printing nothing."""
    status, _, err = cli("--db", bib_db, "cite", "no-such-word-anywhere")
    assert status == 1 and "no paper matches" in err


def test_key_prints_changes_and_refuses_a_taken_key(bib_db: str) -> None:
    """key prints a paper's key, sets a new one (undoable), and refuses another's."""
    assert cli("--db", bib_db, "key", "8fdb9ab9")[1] == "zhou2017exosomes\n"
    status, _, err = cli("--db", bib_db, "key", "8fdb9ab9", "LEE2021cell")
    assert status == 1 and "already has the citation key 'lee2021cell'" in err
    status, _, err = cli("--db", bib_db, "key", "8fdb9ab9", "two words")
    assert status == 1 and "cannot be a citation key" in err
    status, out, _ = cli("--db", bib_db, "key", "zhou2017exosomes", "zhou:2017")
    assert status == 0 and out == "set the citation key of 1 paper to zhou:2017\n"
    assert listed(bib_db, "key:zhou:2017")[0]["id"] == "8fdb9ab97fef9c75"
    assert cli("--db", bib_db, "undo")[0] == 0
    assert cli("--db", bib_db, "key", "8fdb9ab9")[1] == "zhou2017exosomes\n"


@pytest.mark.parametrize("command", [["list"], ["export", "--format", "csv"]])
def test_a_word_excluded_that_starts_with_h_is_a_query_term(db: str, command: list[str]) -> None:
    """`-hair` is "without hair", as in the app, not -h with a value: argparse read it
    as `-h` and refused it."""
    header = 1 if command[0] == "export" else 0

    def rows(*query: str) -> set[str]:
        status, out, err = cli("--db", db, *command, *query)
        assert status == 0, err
        return set(out.splitlines()[header:])

    without, with_it, every = rows("-hair"), rows("hair"), rows()
    assert without and with_it
    assert without.isdisjoint(with_it) and without | with_it == every
