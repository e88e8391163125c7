"""Asking for a file: which to import, and where and how to export."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.suggester import Suggester
from textual.widgets import Input, Label, Select

from storage import ExportFormat, plural
from storage.text import visible

from .confirm import ConfirmDialog
from .dialog import WAITS_FOR_READER, Dialog, text_label


class PathSuggester(Suggester):
    """Completes the last part of a path from what is on disk (`~` allowed)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        folder_text, _, typed = value.rpartition("/")
        folder = Path(folder_text or ("/" if value.startswith("/") else ".")).expanduser()
        try:
            names = sorted(entry.name for entry in folder.iterdir())
        except OSError:
            return None
        visible = typed.startswith(".")
        for name in names:
            if name.startswith(typed) and name != typed and (visible or not name.startswith(".")):
                slash = "/" if (folder / name).is_dir() else ""
                return f"{value[: len(value) - len(typed)]}{name}{slash}"
        return None


class ImportDialog(Dialog[Path]):
    """Asks for a file to import; Enter answers with its path."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Import a file", classes="dialog-title")
            yield Label(
                "A seed document, or a BibTeX (.bib) or RIS (.ris) file from Zotero, "
                "Mendeley, JabRef or EndNote. Papers already here are merged, and your "
                "tags, notes and read marks are kept.",
                classes="dialog-hint",
            )
            yield Input(placeholder="path/to/file", suggester=PathSuggester(), id="import-path")
            yield Label("Enter import · → complete the path · Esc cancel", classes="dialog-hint")

    @on(Input.Submitted, "#import-path")
    def submit(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.answer(Path(event.value.strip()).expanduser())


@dataclass(frozen=True, slots=True)
class ExportRequest:
    """What the export dialog asked for."""

    format: ExportFormat
    path: Path


class ExportDialog(Dialog[ExportRequest]):
    """Asks for a format and a file; the file name follows the format until edited, and
    a file that is there already is replaced only once the reader says so."""

    AUTO_FOCUS = "#export-path"
    """The path: the format selector before it holds an option list of its own."""

    def __init__(self, shown: int, description: str) -> None:
        super().__init__()
        self._shown = shown
        self._description = description
        self._default_stem = str(Path("~") / "papershelf-export")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            title = f"Export {plural(self._shown, 'paper')} ({self._description})"
            yield text_label(title, classes="dialog-title")
            yield Select(
                [(fmt.value, fmt) for fmt in ExportFormat],
                value=ExportFormat.BIBTEX,
                allow_blank=False,
                id="export-format",
            )
            yield Input(
                self._default_stem + ExportFormat.BIBTEX.suffix,
                suggester=PathSuggester(),
                id="export-path",
            )
            yield text_label("", classes="dialog-hint export-target")
            yield Label(
                "Type a path to replace the one suggested · → completes it · Enter export "
                "· Esc cancel",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.show_target()

    @on(Select.Changed, "#export-format")
    def follow_format(self, event: Select.Changed) -> None:
        """Keep the suffix in step with the format while the name is still the default."""
        path = self.query_one("#export-path", Input)
        if path.value.startswith(self._default_stem) and isinstance(event.value, ExportFormat):
            path.value = self._default_stem + event.value.suffix

    @on(Input.Changed, "#export-path")
    @on(Select.Changed, "#export-format")
    def show_target(self) -> None:
        """Say which file Enter writes: a bare name lands in the current folder."""
        target = self._target()
        text = f"Writes {visible(str(target))}" if target else "Type the file to write"
        if target is not None and target.is_file():
            text += " (replacing the file there)"
        self.query_one(".export-target", Label).update(text)

    @on(Input.Submitted, "#export-path")
    def submit(self) -> None:
        chosen = self.query_one("#export-format", Select).value
        target = self._target()
        if target is None or not isinstance(chosen, ExportFormat):
            return
        if target.is_file():
            self._ask_before_replacing(ExportRequest(chosen, target))
        else:
            self.answer(ExportRequest(chosen, target))

    @work(group=WAITS_FOR_READER)
    async def _ask_before_replacing(self, request: ExportRequest) -> None:
        question = f"{visible(str(request.path))} is there already. Replace it with the export?"
        if await self.app.push_screen_wait(ConfirmDialog(question, "Replace", "Keep it")):
            self.answer(request)

    def _target(self) -> Path | None:
        """The file the path typed names, from the current folder, with the format's
        suffix when the name has none (None: no path typed yet)."""
        typed = self.query_one("#export-path", Input).value.strip()
        chosen = self.query_one("#export-format", Select).value
        if not typed:
            return None
        path = Path(typed).expanduser().absolute()
        if not path.suffix and not path.is_dir() and isinstance(chosen, ExportFormat):
            path = path.with_name(path.name + chosen.suffix)
        return path
