"""The write queue: writes in order, and a chore with work to do only once they stop."""

from __future__ import annotations

from typing import Any

from textual.app import App

from tui.writer import WriteQueue


async def test_a_write_asked_just_after_another_goes_before_a_due_chore() -> None:
    """The reader's next write, asked a moment after the last one is done (the next
    key), runs before the compaction the last one made due."""
    ran: list[str] = []
    app: App[None] = App()
    async with app.run_test() as pilot:
        queue = WriteQueue(
            app.screen, when_idle=lambda: ran.append("chore"), chore_due=lambda: True
        )

        def second() -> None:
            queue.submit(lambda: ran.append("second"), lambda _: None, lambda _: None)

        def first_done(_: Any) -> None:
            app.set_timer(0.05, second)

        queue.submit(lambda: ran.append("first"), first_done, lambda _: None)
        await pilot.pause()
        while len(ran) < 3:
            await app.workers.wait_for_complete()
            await pilot.pause(0.05)
        assert ran == ["first", "second", "chore"]


async def test_a_chore_runs_once_the_writes_are_done() -> None:
    ran: list[str] = []
    app: App[None] = App()
    async with app.run_test() as pilot:
        queue = WriteQueue(
            app.screen, when_idle=lambda: ran.append("chore"), chore_due=lambda: False
        )
        queue.submit(lambda: ran.append("write"), lambda _: None, lambda _: None)
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert ran == ["write", "chore"]
