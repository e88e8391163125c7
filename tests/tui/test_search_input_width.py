"""The search box measures its text without styling it: the width it gives Input is the
one Input works out from the styled text, for every query and either kind of box."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from textual.widgets import Input

from tui.widgets.search_bar import SearchInput


@given(value=st.text(), placeholder=st.text(max_size=20), password=st.booleans())
def test_the_search_box_is_as_wide_as_input_makes_it(
    value: str, placeholder: str, password: bool
) -> None:
    """Wide characters, control characters, tabs, an empty box with or without a
    placeholder, a password box: the shortcut's width is Input's own."""
    box = SearchInput(placeholder=placeholder)
    box.set_reactive(Input.value, value)  # as typing leaves it, without an app running
    box.set_reactive(Input.password, password)
    assert box.content_width == Input.content_width.fget(box)  # type: ignore[attr-defined]
