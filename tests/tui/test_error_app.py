"""A library that cannot be used gets an explaining screen, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage import Library, LibraryError
from tui.error_app import LibraryErrorApp


@pytest.mark.parametrize(
    ("content", "reason", "advice"),
    [
        (b"", "the file is empty", "has not changed the file"),
        (b'{"meta": {"1": {"schema_version": 1}}, "sta', "not valid JSON", ".schemaN.bak"),
        (b'{"meta": {"1": {"schema_version": 99}}, "state": {}}', "newer", "Upgrade"),
    ],
)
async def test_error_screen_names_file_reason_and_remedy(
    tmp_path: Path, content: bytes, reason: str, advice: str
) -> None:
    """The screen shows the path, the reason and what to do; q closes it."""
    path = tmp_path / "library.json"
    path.write_bytes(content)
    with pytest.raises(LibraryError) as caught:
        Library(path)
    app = LibraryErrorApp(caught.value)
    async with app.run_test(size=(100, 24)) as pilot:
        shown = str(app.query_one("#error-text").render())
        assert str(path) in shown.replace("\n", "")
        assert reason in shown
        assert advice in shown
        await pilot.press("q")
    assert app.return_code == 0 and not app.is_running
    assert path.read_bytes() == content, "the file must never be overwritten"


async def test_the_error_screen_shows_a_path_with_markup_as_written(tmp_path: Path) -> None:
    """A library at `m[/b]/x[/].json` (folders `m[`, `b]` and `x[`): the path is data,
    not markup."""
    path = tmp_path / "m[/b]/x[/].json"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"")
    with pytest.raises(LibraryError) as caught:
        Library(path)
    app = LibraryErrorApp(caught.value)
    async with app.run_test(size=(100, 24)):
        assert str(path) in str(app.query_one("#error-text").render()).replace("\n", "")
