"""The private names of Textual that papershelf leans on still exist.

Textual is pinned (pyproject.toml says why and lists these); when the pin moves, this
test fails at once, in one place, naming what to look at, instead of the app drawing
wrongly or a test failing far from the cause.
"""

from __future__ import annotations

import inspect

from textual._styles_cache import StylesCache
from textual.app import App, ComposeResult
from textual.driver import Driver
from textual.reactive import Reactive
from textual.screen import Screen
from textual.scrollbar import ScrollBar
from textual.widget import Widget
from textual.widgets import Footer, Input

from tui.widgets.key_footer import KeyFooter


def test_footer_still_keeps_bindings_ready() -> None:
    """KeyFooter rebuilds only when keys change, through Footer._bindings_ready."""
    assert isinstance(Footer.__dict__["_bindings_ready"], Reactive)


class _CountingFooter(KeyFooter):
    """A KeyFooter that counts the calls of its bindings_changed override."""

    calls = 0

    def bindings_changed(self, screen: Screen[object]) -> None:
        _CountingFooter.calls += 1
        super().bindings_changed(screen)


class _FooterApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(id="first")
        yield Input(id="second")
        yield _CountingFooter()


async def test_footer_still_calls_bindings_changed() -> None:
    """KeyFooter overrides Footer.bindings_changed, which Footer subscribes to the screen's
    bindings signal: if Textual renames it, the override would silently never run."""
    assert "bindings_changed" in Footer.__dict__
    _CountingFooter.calls = 0
    async with _FooterApp().run_test() as pilot:
        await pilot.press("tab")
        await pilot.pause()
    assert _CountingFooter.calls > 0


def test_virtual_size_can_still_be_set_without_a_relayout() -> None:
    """LineView sets Widget.virtual_size with set_reactive and the scrollbar's window size."""
    assert isinstance(Widget.__dict__["virtual_size"], Reactive)
    assert hasattr(Widget, "set_reactive")
    assert isinstance(ScrollBar.__dict__["window_virtual_size"], Reactive)


def test_input_refresh_still_takes_layout() -> None:
    """SearchInput.refresh forces layout=False, so Input.refresh must still take it."""
    assert "layout" in inspect.signature(Input.refresh).parameters


def test_the_names_the_line_views_lean_on_still_exist() -> None:
    """LineView forgets its shown lines in Widget._set_dirty (which refresh calls with
    the regions it was given) and makes its scrollbar as Widget.vertical_scrollbar does;
    the tag pane sets Widget._border_subtitle, which StylesCache reads to draw it."""
    assert "_set_dirty(*regions)" in inspect.getsource(Widget.refresh)
    assert "_vertical_scrollbar" in inspect.getsource(Widget.__dict__["vertical_scrollbar"].fget)
    assert "_start_widget" in inspect.getsource(Widget.__dict__["vertical_scrollbar"].fget)
    assert "widget._border_subtitle" in inspect.getsource(StylesCache.render_widget)


def test_the_names_the_tests_read_still_exist() -> None:
    """The UI tests read App._notifications and Screen._compositor.render_strips, and
    replace the write of App._driver (test_copying.py) to see what reaches the terminal."""
    app: App[None] = App()
    assert hasattr(app, "_notifications") and hasattr(app, "_driver")
    assert callable(Driver.write)
    assert hasattr(Screen(), "_compositor")
    from textual._compositor import Compositor

    assert hasattr(Compositor, "render_strips")
