"""The footer: Textual's, rebuilt only when the keys it shows change."""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

from .kept_lines import KeptLines


class KeyFooter(KeptLines, Footer):
    """Shows the keys that work here; rebuilds its widgets only when those change.

    Textual rebuilds the footer whenever bindings might have changed, which is three
    times each time focus moves (`/` into the search box, Esc out of it, Tab): 40-80 ms
    of mounting the same keys again, at the moment the reader starts a search.
    """

    _keys_shown: tuple[Hashable, ...] | None = None
    _check_pending = False

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Look once the pending messages are handled, however many changes arrive."""
        self._bindings_ready = True
        if not screen.app.app_focus or screen is not self.screen or self._check_pending:
            return
        self._check_pending = True
        self.call_later(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        self._check_pending = False
        if self.is_attached and self._keys_for(self.screen) != self._keys_shown:
            await self.recompose()

    def compose(self) -> ComposeResult:
        self._keys_shown = self._keys_for(self.screen) if self._bindings_ready else None
        yield from super().compose()

    def _keys_for(self, screen: Screen[object]) -> tuple[Hashable, ...]:
        """What the footer would show for `screen`: every shown binding and its state."""
        palette = self.app.COMMAND_PALETTE_BINDING
        return tuple(
            (key, binding.action, binding.description, binding.key_display, enabled, tooltip)
            for key, (_, binding, enabled, tooltip) in screen.active_bindings.items()
            if binding.show or key == palette
        )
