"""The private names of Textual that papershelf leans on still exist.

Textual is pinned (pyproject.toml says why and lists these); when the pin moves, this
test fails at once, in one place, naming what to look at, instead of the app drawing
wrongly or a test failing far from the cause.
"""

from __future__ import annotations

import inspect

from textual.app import App
from textual.reactive import Reactive
from textual.screen import Screen
from textual.scrollbar import ScrollBar
from textual.widget import Widget
from textual.widgets import Footer, Input


def test_footer_still_keeps_bindings_ready() -> None:
    """KeyFooter rebuilds only when keys change, through Footer._bindings_ready."""
    assert "_bindings_ready" in inspect.getsource(Footer)


def test_virtual_size_can_still_be_set_without_a_relayout() -> None:
    """LineView sets Widget.virtual_size with set_reactive and the scrollbar's window size."""
    assert isinstance(Widget.__dict__["virtual_size"], Reactive)
    assert hasattr(Widget, "set_reactive")
    assert isinstance(ScrollBar.__dict__["window_virtual_size"], Reactive)


def test_input_refresh_still_takes_layout() -> None:
    """SearchInput.refresh forces layout=False, so Input.refresh must still take it."""
    assert "layout" in inspect.signature(Input.refresh).parameters


def test_the_names_the_tests_read_still_exist() -> None:
    """The UI tests read App._notifications and Screen._compositor.render_strips."""
    assert "_notifications" in inspect.getsource(App.__init__)
    assert "_compositor" in inspect.getsource(Screen.__init__)
    from textual._compositor import Compositor

    assert hasattr(Compositor, "render_strips")
