"""Adding tags: a comma-separated input that completes from the library's tags."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.suggester import Suggester
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from storage import RenameTag
from storage.text import visible

from .dialog import Dialog, text_label


class TagSuggester(Suggester):
    """Completes the tag being typed (the text after the last comma)."""

    def __init__(self, tags: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self._tags = tags

    async def get_suggestion(self, value: str) -> str | None:
        head, _, fragment = value.rpartition(",")
        typed = fragment.lstrip()
        if not typed:
            return None
        already = {t.strip().casefold() for t in head.split(",")}
        for tag in self._tags:
            if tag.casefold().startswith(typed.casefold()) and tag.casefold() not in already:
                prefix = value[: len(value) - len(typed)]
                return prefix + tag
        return None


class TagEditor(Dialog[str]):
    """Asks for tags to add; Enter answers with the text as typed."""

    def __init__(self, title: str, current: tuple[str, ...], known: list[str]) -> None:
        super().__init__()
        self._title = title
        self._current = current
        self._known = known

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield text_label(f"Add tags: {self._title}", classes="dialog-title")
            current = ", ".join(self._current) if self._current else "none yet"
            yield text_label(f"Current tags: {current}", classes="dialog-hint")
            yield Input(
                placeholder="tag, another tag  (→ completes)",
                suggester=TagSuggester(self._known),
                id="tag-input",
            )
            yield Label("Enter save · → accept completion · Esc cancel", classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.answer(event.value)


class TagRemover(Dialog[str]):
    """Picks one of a paper's tags to remove; Enter answers with it."""

    def __init__(self, title: str, tags: tuple[str, ...]) -> None:
        super().__init__()
        self._title = title
        self._tags = tags

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield text_label(f"Remove a tag: {self._title}", classes="dialog-title")
            options = (Option(Text(visible(tag)), id=tag) for tag in self._tags)
            yield OptionList(*options, id="tag-options")
            yield Label("Enter remove · Esc cancel", classes="dialog-hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.answer(event.option.id)


class TagRenamer(Dialog[str]):
    """Asks for a tag's new name; Enter answers with it (a tag in use: the two merge)."""

    def __init__(self, tag: str, count: int, known: list[str]) -> None:
        super().__init__()
        self._tag = tag
        self._count = count
        self._known = known

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield text_label(f"Rename the tag {self._tag}", classes="dialog-title")
            yield text_label(
                f"On every paper that has it ({self._count:,} shown here), trash included. "
                "A name already in use merges the two tags; z undoes.",
                classes="dialog-hint",
            )
            yield Input(self._tag, suggester=TagSuggester(self._known), id="tag-input")
            yield Label("Enter rename · → accept completion · Esc cancel", classes="dialog-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            return
        try:
            RenameTag(self._tag, event.value)
        except ValueError as error:  # a comma: the name stays to be mended
            self.notify(f"{str(error).capitalize()}.", severity="warning", timeout=5)
        else:
            self.answer(event.value)
