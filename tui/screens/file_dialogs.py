"""Asking for a file: which to import, and where and how to export."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.suggester import Suggester
from textual.widgets import Input, Label, Select

from storage import ExportFormat, plural

from .dialog import Dialog, text_label


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
    """Asks for a format and a file; the file name follows the format until edited."""

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
            yield Label(
                "Type a path to replace the one suggested · → completes it · Enter export "
                "· Esc cancel",
                classes="dialog-hint",
            )

    @on(Select.Changed, "#export-format")
    def follow_format(self, event: Select.Changed) -> None:
        """Keep the suffix in step with the format while the name is still the default."""
        path = self.query_one("#export-path", Input)
        if path.value.startswith(self._default_stem) and isinstance(event.value, ExportFormat):
            path.value = self._default_stem + event.value.suffix

    @on(Input.Submitted, "#export-path")
    def submit(self, event: Input.Submitted) -> None:
        chosen = self.query_one("#export-format", Select).value
        if event.value.strip() and isinstance(chosen, ExportFormat):
            self.answer(ExportRequest(chosen, Path(event.value.strip()).expanduser()))
