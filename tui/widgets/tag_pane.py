"""The tag pane: the tags of the papers shown, with counts, to filter by at a keystroke.

Line-drawn like the list: the counts change at every search keystroke, and a pane of
widgets would re-lay out the screen each time; here a new set of counts is a repaint
of the lines that changed. Each line is kept by what it is drawn from (tag, count,
mark, cursor, width), so a line that shows the same is neither drawn nor repainted
again, and its border is put around it here rather than by Textual's per-line styling
(about 100 µs a line, most of the pane's cost per keystroke: see `LineView.render_lines`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar, Final

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip

from storage.records import plural

from ..commands import key_of
from ..keys import pane_help
from .scrolling import ROW_BINDINGS, RowList

Counts = Sequence[tuple[str, int]]
"""(tag, papers) pairs, most used first."""
LineKey = tuple[str, int, bool, bool, int] | tuple[str | None, int]
"""What a line is drawn from: (tag, count, marked, under the cursor, width), or (the
text in place of tags, width), or (None, width) for a blank line below the tags."""
_LINE_CACHE_LIMIT: Final = 512
"""Lines kept; the counts of a long session of typing must not all stay."""


class TagPane(RowList, can_focus=True):
    """Lists tags with their counts; Enter asks to filter by the highlighted or marked ones."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *ROW_BINDINGS,
        Binding("enter", "choose", "Filter", tooltip="Show only the papers with this tag"),
        Binding(
            "space,v",
            "mark",
            "Mark",
            show=False,
            tooltip="Mark a tag; Enter then shows the papers with every marked tag",
        ),
        Binding(
            "R",
            "rename",
            "Rename",
            show=False,
            tooltip="Rename the tag on every paper, trash included (to a tag in use: merge)",
        ),
    ]

    HELP = pane_help(
        "Tag pane",
        BINDINGS,
        "The tags of the papers shown, with how many have each; the counts follow the "
        f"search. `{key_of('tags')}` shows or hides the pane.",
    )

    BORDER_TITLE = "tags"

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "tag-pane--cursor",
        "tag-pane--count",
        "tag-pane--marked",
    }

    DEFAULT_CSS = """
    TagPane {
        scrollbar-size-vertical: 1;
        & > .tag-pane--cursor { background: $accent 40%; }
        &:focus > .tag-pane--cursor { background: $accent; color: $text; }
        & > .tag-pane--count { color: $text-muted; }
        & > .tag-pane--marked { color: $success; text-style: bold; }
    }
    """

    @dataclass
    class Chosen(Message):
        """Filter the list by these tags (all of them)."""

        tags: tuple[str, ...]

    @dataclass
    class RenameAsked(Message):
        """The reader wants to rename this tag across the library."""

        tag: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._counts: Counts | None = ()
        self._marked: dict[str, str] = {}
        """Marked tags, folded to as shown."""
        self._drawn: dict[LineKey, Strip] = {}
        """Content lines by what they are drawn from."""
        self._styles: tuple[Style, Style, Style, Style] | None = None
        self._subtitle = ""

    @property
    def counts(self) -> Counts | None:
        """What the pane shows (None: still counting)."""
        return self._counts

    @property
    def highlighted(self) -> str | None:
        """The tag under the cursor."""
        counts = self._counts
        return counts[self.cursor][0] if counts else None

    @property
    def marked(self) -> tuple[str, ...]:
        """The marked tags, in the order they were marked."""
        return tuple(self._marked.values())

    def show(self, counts: Counts | None) -> None:
        """Show new counts (None: not counted yet); the cursor stays on its tag."""
        if counts == self._counts:
            return
        current = self.highlighted
        top = self.scroll_offset.y
        before = self._keys_on_screen()
        self._counts = counts
        subtitle = "" if counts is None else plural(len(counts), "tag")
        if subtitle != self._subtitle:
            self._subtitle = subtitle
            self._show_subtitle(subtitle)
        self.set_content_height(len(counts or ()))
        names = [tag.casefold() for tag, _ in counts or ()]
        if current is not None and current.casefold() in names:
            self.set_reactive(TagPane.cursor, names.index(current.casefold()))
        else:
            self.set_reactive(TagPane.cursor, self.validate_cursor(self.cursor))
        if self.scroll_offset.y != top:
            self.refresh()  # every line on screen moved
            return
        width = self.size.width
        changed = [
            Region(0, y, width, 1)
            for y, (old, new) in enumerate(zip(before, self._keys_on_screen(), strict=True))
            if old != new
        ]
        if changed:
            self.refresh(*changed)  # one call: each call works out the widget's geometry

    def _show_subtitle(self, subtitle: str) -> None:
        """Put `subtitle` in the bottom border and repaint that line alone.

        Setting `border_subtitle` repaints the whole pane, lines that show the same
        included: where a key changes the number of tags and few of the counts on
        screen, that frame styled every line of the pane again and cut and joined every
        line of the screen beside them. The value is made as the property makes it;
        Textual reads it when it draws the border.
        """
        self._border_subtitle = self.render_str(subtitle).expand_tabs(4).split()[0]
        outer = self.outer_size
        bottom = Region(0, outer.height - 1, outer.width, 1)
        self.refresh(bottom.translate(-self.content_offset))  # regions are the content's

    def _keys_on_screen(self) -> list[LineKey]:
        """What each line on screen is drawn from (a changed key: a changed line)."""
        region = self.scrollable_content_region
        top = self.scroll_offset.y
        return [self._key(index, region.width) for index in range(top, top + region.height)]

    def clear_marks(self) -> None:
        """Forget the marked tags (they went into the query)."""
        self._marked.clear()
        self.refresh()

    @property
    def row_count(self) -> int:
        return len(self._counts or ())

    def watch_cursor(self, old: int, new: int) -> None:
        for line in (old, new):
            self.refresh_line(line)
        self.scroll_to_region(Region(0, new, 1, 1), animate=False, force=True)

    def on_resize(self, event: events.Resize) -> None:
        self.set_content_height(len(self._counts or ()))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None
        self._drawn.clear()

    def action_mark(self) -> None:
        tag = self.highlighted
        if tag is None:
            return
        if self._marked.pop(tag.casefold(), None) is None:
            self._marked[tag.casefold()] = tag
        self.refresh_line(self.cursor)
        self.cursor += 1

    def action_choose(self) -> None:
        tags = self.marked or ((self.highlighted,) if self.highlighted else ())
        if tags:
            self.post_message(self.Chosen(tuple(tag for tag in tags if tag)))

    def action_rename(self) -> None:
        if self.highlighted is not None:
            self.post_message(self.RenameAsked(self.highlighted))

    def content_line(self, index: int, width: int) -> Strip:
        return self._line(self._key(index, width))

    def _key(self, index: int, width: int) -> LineKey:
        """What line `index` is drawn from (every input of `_render_tag` but the styles,
        which empty the cache when they change)."""
        counts = self._counts
        if not counts:
            text = (" counting…" if counts is None else " no tags here") if index == 0 else ""
            return (text, width)
        if index >= len(counts):
            return (None, width)
        tag, count = counts[index]
        return (tag, count, tag.casefold() in self._marked, index == self.cursor, width)

    def _line(self, key: LineKey) -> Strip:
        """The content line drawn from `key`, drawn once."""
        line = self._drawn.get(key)
        if line is None:
            if len(self._drawn) >= _LINE_CACHE_LIMIT:
                self._drawn.clear()
            line = self._drawn[key] = self._render_tag(key)
        return line

    def _render_tag(self, key: LineKey) -> Strip:
        plain, count_style, marked_style, cursor = self._resolved_styles()
        if len(key) == 2:
            text, width = key
            if text is None:
                return Strip.blank(width, plain)
            return Strip([Segment(set_cell_size(text, width), count_style)], width)
        tag, count, marked, under_cursor, width = key
        number = f" {count:,}"
        name_room = max(width - len(number) - 1, 1)
        name = tag if cell_len(tag) <= name_room else set_cell_size(tag, name_room - 1) + "…"
        segments = [
            Segment("▌" if marked else " ", marked_style),
            Segment(set_cell_size(name, name_room), marked_style if marked else plain),
            Segment(number, count_style),
        ]
        fill = plain
        if under_cursor:  # over the line's own colours
            segments = list(Segment.apply_style(segments, post_style=cursor))
            fill = plain + cursor
        return Strip(segments).adjust_cell_length(width, fill)

    def _resolved_styles(self) -> tuple[Style, Style, Style, Style]:
        """Plain, count, marked and cursor styles, resolved once per style change."""
        if self._styles is None:
            plain = self.rich_style
            style = self.get_component_rich_style
            self._styles = (
                plain,
                plain + style("tag-pane--count"),
                plain + style("tag-pane--marked"),
                style("tag-pane--cursor"),
            )
        return self._styles


__all__ = ["TagPane"]
