"""From the list to the paper: `o` opens it (checked with a $BROWSER recorder), `O` gives
it a link, `papershelf set` too, and the detail pane draws links whole."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import pytest
from app_support import notified, paper_list, settle
from cli_runner import cli
from support import OnDisk

from storage import Library, View
from tui.app import PapershelfApp
from tui.widgets import PaperDetail

SIZE = (120, 36)


@pytest.fixture
def opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """$BROWSER is a script that writes each URL it is given to a file (returned)."""
    record = tmp_path / "opened.txt"
    script = tmp_path / "browser.sh"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{record}"\n')
    script.chmod(0o755)
    monkeypatch.setenv("BROWSER", str(script))
    # webbrowser reads $BROWSER once, at its first use: make it read it again.
    monkeypatch.setattr(webbrowser, "_tryorder", None)
    monkeypatch.setattr(webbrowser, "_browsers", {})
    return record


def urls(record: Path) -> list[str]:
    return record.read_text().splitlines() if record.exists() else []


async def test_o_opens_a_doi_a_url_and_a_search_for_a_seed_paper(
    library: Library, opened: Path
) -> None:
    """The exact URLs the browser gets for the three kinds of paper."""
    first, second, third = list(library.search(main_view(library)))[:3]
    library.set_link(first.id, "doi", "10.1038/s41598-017-15505-3")
    library.set_link(second.id, "url", "https://www.nature.com/articles/s41598-017-15505-3")
    app = PapershelfApp(library)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o", "down", "o", "down", "o")
        await settle(pilot)
    assert urls(opened) == [
        "https://doi.org/10.1038/s41598-017-15505-3",
        "https://www.nature.com/articles/s41598-017-15505-3",
        "https://pubmed.ncbi.nlm.nih.gov/?term=Chemotherapy+hair+loss+distressing+reversible+2010",
    ]
    assert (third.paper.journal, third.paper.doi, third.paper.url) == ("PubMed", "", "")


def main_view(library: Library) -> View:
    """The view the app starts on: the first seed's papers."""
    return View(source_id=library.sources()[0].id)


async def test_the_search_template_comes_from_the_settings(library: Library, opened: Path) -> None:
    from tui.settings import Settings

    app = PapershelfApp(library, settings=Settings(search="semantic-scholar"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        await settle(pilot)
        assert "Opening a literature search for it (no DOI or URL yet: O adds one)" in notified(app)
    assert urls(opened) == [
        "https://www.semanticscholar.org/search?q="
        "particles+stem+cells+activate+hair+growth+%22Scientific+Reports%22+2017"
    ]


async def test_shift_o_gives_the_paper_a_doi_that_o_then_opens(
    app: PapershelfApp, opened: Path, on_disk: OnDisk
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        target = paper_list(app).highlighted
        assert target is not None
        await pilot.press("O", *"doi:10.1/abc", "enter")
        await settle(pilot)
        assert on_disk().entry(target.id).paper.doi == "10.1/abc"
        await pilot.press("o")
        await settle(pilot)
        await pilot.press("z")  # one undo step
        await settle(pilot)
        assert on_disk().entry(target.id).paper.doi == ""
    assert urls(opened) == ["https://doi.org/10.1/abc"]


async def test_a_bad_link_is_explained_in_the_dialog(app: PapershelfApp, on_disk: OnDisk) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("O", *"not a link", "enter")
        await settle(pilot)
        error = app.screen.query_one("#link-error")
        assert "not a web address" in str(error.render())
        await pilot.press("escape")
        target = paper_list(app).highlighted
        assert target is not None and not on_disk().entry(target.id).paper.url


async def test_the_detail_pane_draws_a_long_url_whole_as_a_hyperlink(library: Library) -> None:
    """Folded over lines, never cut off; every piece a terminal link to the whole URL."""
    target = next(iter(library.search(main_view(library))))
    url = "https://www.nature.com/articles/s41598-017-15505-3-and-a-long-tail-to-fold-over"
    library.set_link(target.id, "url", url)
    app = PapershelfApp(library)
    async with app.run_test(size=(90, 40)) as pilot:
        await pilot.pause()  # the pane is given its paper after the first frame
        detail = app.screen.query_one(PaperDetail)
        assert url not in detail.text  # it does not fit on one line...
        assert url in detail.text.replace("\n", "").replace(" ", "")  # ...and is all there
        links = {
            segment.style.link
            for line in detail._lines
            for segment in line
            if segment.style is not None and segment.style.link
        }
        assert links == {url}


def test_set_gives_a_paper_its_doi_or_url_from_the_command_line(
    library: Library, db_path: Path
) -> None:
    target = next(iter(library.search(main_view(library))))
    library.close()
    status, out, _ = cli("--db", str(db_path), "set", target.paper.key, "doi", "10.1/abc")
    assert status == 0 and "set the DOI of 1 paper to 10.1/abc" in out
    status, _, err = cli("--db", str(db_path), "set", target.id, "url", "ftp://x")
    assert status == 1 and "not a web address" in err
    status, out, _ = cli("--db", str(db_path), "set", target.id[:6], "doi", "")
    assert status == 0 and "removed the DOI" in out
    assert Library(db_path).entry(target.id).paper.doi == ""
