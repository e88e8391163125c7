"""A paper's state merged from three machines holds each field's latest change (Hypothesis).

Three machines (each its own device slot and clock, one 40 seconds behind) change one
paper's state apart, field by field, and now and then one takes in another's copy
(machines meeting halfway). A model keeps every change made, with what its machine had
seen when it made it. Whatever happened, the merge is a join (commutative, associative,
idempotent, one result in every order), and the merged state is what the rules say:

- status (with its read time), priority and each tag take the change with the latest
  stamp;
- a deletion holds unless a change with a later stamp was made (the edit is kept);
- a note keeps exactly the texts that no machine replaced after seeing them.

Working on state documents, not files, lets Hypothesis try thousands of histories.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from itertools import permutations
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from support import Clock

from storage.note_versions import shown, versions
from storage.records import PRIORITIES, STATUSES, StateDoc
from storage.stamps import HybridClock, Stamp
from storage.state_fields import (
    Field,
    Value,
    latest_stamp,
    tag_field,
    tag_key,
    tag_pairs,
    value_of,
    with_values,
)
from storage.state_join import joined

PAPER = "0123456789abcdef"
SKEWS = (timedelta(0), timedelta(seconds=-40), timedelta(seconds=25))
"""Each machine's clock against the first's: the second one is behind."""
MACHINE = st.integers(min_value=0, max_value=len(SKEWS) - 1)
TAG = st.sampled_from(["hair", "Hair", "EV", "review"])
WRITES: st.SearchStrategy[dict[Field, Value]] = st.one_of(
    st.sampled_from(STATUSES).map(lambda status: {"status": status}),
    st.sampled_from([None, *PRIORITIES]).map(lambda priority: {"priority": priority}),
    st.sampled_from([{"deleted": True}, {"deleted": False}]),
    st.builds(lambda text: {"note": text}, st.sampled_from(["", "one", "one\ntwo", "other"])),
    st.lists(st.tuples(TAG, st.booleans()), min_size=1, max_size=3).map(
        lambda tags: {tag_field(name): name if present else None for name, present in tags}
    ),  # one write of several tags, as SetTags and ChangeTags make
)
STEP = st.one_of(
    st.tuples(st.just("write"), MACHINE, WRITES),
    st.tuples(st.just("meet"), MACHINE, MACHINE),
)
HISTORY = st.lists(STEP, min_size=1, max_size=30)


@dataclass(frozen=True)
class Event:
    """One change of one field, and every change its machine had seen when making it."""

    field: Field
    stamp: Stamp
    value: Value
    seen: frozenset[int]


@dataclass
class Machine:
    clock: HybridClock
    doc: StateDoc | None = None
    known: set[int] = field(default_factory=set)
    """The events this machine's copy has seen (by their number)."""


def join(a: StateDoc | None, b: StateDoc | None) -> StateDoc | None:
    if a is None or b is None:
        return a if b is None else b
    return joined(a, b)


def skewed(skew: timedelta) -> Clock:
    clock = Clock()
    clock.moment += skew
    return clock


@dataclass
class World:
    machines: list[Machine]
    events: list[Event]
    """Every change made, anywhere."""
    held: list[StateDoc | None]
    """Every state any machine held on the way (an old one is what a conflict copy, a
    backup or git's merge base hands a merge)."""


def play(history: list[tuple[Any, ...]]) -> World:
    """Run the history on three machines."""
    machines = [  # each clock asks for its device id with its first stamp
        Machine(HybridClock(skewed(skew), f"machine-{number}".__str__))
        for number, skew in enumerate(SKEWS)
    ]
    events: list[Event] = []
    held: list[StateDoc | None] = [None]
    for kind, first, second in history:
        machine = machines[first]
        held.append(machine.doc)
        if kind == "meet":
            other = machines[second]
            machine.doc = join(machine.doc, other.doc)
            machine.known |= other.known
            if other.doc is not None:
                machine.clock.observe(latest_stamp(other.doc))
            continue
        stamp = machine.clock.next()
        values = dict(second)
        if "status" in values:
            values["read_at"] = stamp if values["status"] == "read" else None
        changed = [(f, v) for f, v in values.items() if f != "read_at"]
        if "deleted" not in values and value_of(machine.doc, "deleted"):
            changed.append(("deleted", True))  # an edit in the trash deletes it anew
        seen = frozenset(machine.known)
        for name, value in changed:
            machine.known.add(len(events))
            events.append(Event(name, stamp, value, seen))
        machine.doc = with_values(machine.doc, PAPER, values, stamp)
    return World(machines, events, held + [machine.doc for machine in machines])


def latest(events: list[Event], wanted: Field) -> Event | None:
    return max((e for e in events if e.field == wanted), key=lambda e: e.stamp, default=None)


@settings(max_examples=600, deadline=None)
@given(HISTORY, st.data())
def test_merging_states_is_a_join(history: list[tuple[Any, ...]], data: st.DataObject) -> None:
    """Either order, any grouping, a copy with itself or twice: one result, for the
    machines' states now or any they held before."""
    held = play(history).held
    a, b, c = (data.draw(st.sampled_from(held)) for _ in range(3))
    assert join(a, b) == join(b, a)
    assert join(join(a, b), c) == join(a, join(b, c))
    assert join(a, a) == a
    assert join(join(a, b), b) == join(a, b)
    every = join(join(a, b), c)
    for x, y, z in permutations((a, b, c)):
        assert join(join(x, y), z) == every


@settings(max_examples=600, deadline=None)
@given(HISTORY)
def test_the_merged_state_holds_each_fields_latest_change(history: list[tuple[Any, ...]]) -> None:
    """A change made after seeing another is stamped later; per field and per tag the
    latest stamp wins; a deletion loses to a later edit; a note keeps every text no
    machine replaced after seeing it."""
    world = play(history)
    machines, events = world.machines, world.events
    for event in events:  # a clock behind still stamps a change after all it has seen
        assert all(events[number].stamp < event.stamp for number in event.seen)
    merged = join(join(machines[0].doc, machines[1].doc), machines[2].doc)
    doc: StateDoc = merged or {"paper_id": PAPER}  # nothing written anywhere
    status = latest(events, "status")
    assert value_of(doc, "status") == (status.value if status else "new")
    read = status is not None and status.value == "read"
    assert value_of(doc, "read_at") == (status.stamp if status and read else None)

    priority = latest(events, "priority")
    assert value_of(doc, "priority") == (priority.value if priority else None)

    tags = {tag_key(name): name for name, _ in tag_pairs(doc)}
    expected_tags = {}
    for key in {e.field for e in events if e.field.startswith("tag:")}:
        change = latest(events, key)
        if change is not None and change.value is not None:
            expected_tags[key.removeprefix("tag:")] = change.value
    assert tags == expected_tags

    deletion = latest(events, "deleted")
    edits = [e.stamp for e in events if e.field != "deleted"]
    revived = deletion is not None and any(stamp > deletion.stamp for stamp in edits)
    assert value_of(doc, "deleted") == bool(deletion and deletion.value and not revived)

    notes = [(number, e) for number, e in enumerate(events) if e.field == "note"]
    kept = {
        (e.stamp, e.value)
        for number, e in notes
        if not any(number in later.seen for _, later in notes)
    }
    assert set(versions(doc)) == kept
    assert value_of(doc, "note") == shown(sorted(versions(doc), reverse=True))
