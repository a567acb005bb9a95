"""The state machine as data: its shape, and random walks through it that never reach a
state the claim cannot be in."""

from __future__ import annotations

from dataclasses import dataclass, replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from saleor_foresight.claims.errors import NotAllowed
from saleor_foresight.claims.states import (
    CLOSED,
    DEADLINE_STATES,
    TABLE,
    Action,
    Actor,
    ClaimStatus,
    Deadline,
    Facts,
    actions_for,
    render_markdown,
    step,
)


def test_every_state_is_reachable_from_filing() -> None:
    reached, frontier = set(), [TABLE[(None, Action.FILE, Actor.BUYER)].to]
    while frontier:
        state = frontier.pop()
        if state not in reached:
            reached.add(state)
            frontier.extend(t.to for (at, _, _), t in TABLE.items() if at == state)

    assert reached == set(ClaimStatus)


def test_a_closed_claim_takes_only_notes_and_an_escalated_rejection() -> None:
    leaving = {
        (at, action, actor)
        for (at, action, actor), t in TABLE.items()
        if at in CLOSED and (t.to != at or action is not Action.NOTE)
    }

    assert leaving == {(ClaimStatus.REJECTED, Action.ESCALATE, Actor.BUYER)}


def test_the_deadline_runs_exactly_where_the_shop_owes_the_next_step() -> None:
    for (at, action, _), t in TABLE.items():
        if t.deadline is Deadline.RESTART:
            assert t.to in DEADLINE_STATES, (at, action)
        if t.to not in DEADLINE_STATES:
            assert t.deadline is Deadline.STOP or at not in DEADLINE_STATES, (at, action)


def test_each_side_owns_its_steps() -> None:
    buyer = {a for (_, a, who) in TABLE if who is Actor.BUYER}
    staff = {a for (_, a, who) in TABLE if who is Actor.STAFF}
    system = {a for (_, a, who) in TABLE if who is Actor.SYSTEM}

    assert buyer == {Action.FILE, Action.MESSAGE, Action.ACCEPT_OFFER, Action.DECLINE_OFFER,
                     Action.ESCALATE, Action.WITHDRAW}  # fmt: skip
    assert Action.ACCEPT_OFFER not in staff and Action.REJECT not in buyer
    assert system == {Action.MISS_DEADLINE, Action.CONFIRM_RESOLUTION, Action.FAIL_RESOLUTION,
                      Action.OFFER}  # fmt: skip
    # the rules offer only on a claim just filed; staff offer while talking
    assert {s for (s, a, who) in TABLE if a is Action.OFFER and who is Actor.SYSTEM} == {
        ClaimStatus.OPEN
    }


def test_a_guard_refuses_with_its_reason() -> None:
    with pytest.raises(NotAllowed) as refused:
        step(ClaimStatus.OPEN, Action.ESCALATE, Actor.BUYER, Facts(deadline_missed=False))

    assert "deadline has not passed" in refused.value.message
    assert Action.ESCALATE in actions_for(
        ClaimStatus.OPEN, Actor.BUYER, Facts(deadline_missed=True)
    )


def test_the_readme_table_has_a_row_per_transition() -> None:
    rendered = render_markdown()

    assert rendered.count("\n") == len(TABLE) + 2
    assert "| (new) | BUYER | FILE | OPEN | RESTART |  |" in rendered


@dataclass(frozen=True)
class Model:
    """What the service keeps of a claim, as far as the state machine is concerned."""

    status: ClaimStatus | None = None
    deadline: bool = False
    missed: bool = False
    buyer_escalated: bool = False
    resolution: str | None = None  # None, "running", "failed", "done"
    closed: bool = False

    def facts(self) -> Facts:
        return Facts(self.missed, self.buyer_escalated, self.resolution == "failed")


def apply(model: Model, action: Action, actor: Actor, clock_passes: bool) -> Model:
    """One step, as the service takes it; the clock may pass the deadline first."""
    if clock_passes and model.deadline:
        model = replace(model, missed=True)
    t = step(model.status, action, actor, model.facts())
    deadline, missed = model.deadline, model.missed
    if t.deadline is Deadline.RESTART:
        deadline, missed = True, False
    elif t.deadline is Deadline.STOP:
        deadline, missed = False, False
    resolution = model.resolution
    if action in (Action.ACCEPT_OFFER, Action.RESOLVE, Action.RETRY_RESOLUTION):
        resolution = "running"
    elif action is Action.FAIL_RESOLUTION:
        resolution = "failed"
    elif action is Action.CONFIRM_RESOLUTION:
        resolution = "done"
    return Model(
        status=t.to,
        deadline=deadline,
        missed=missed,
        buyer_escalated=model.buyer_escalated or action is Action.ESCALATE,
        resolution=resolution,
        closed=t.to in CLOSED,
    )


steps = st.lists(
    st.tuples(st.sampled_from(list(Action)), st.sampled_from(list(Actor)), st.booleans()),
    max_size=60,
)


@given(steps)
def test_random_walks_never_reach_an_impossible_claim(
    walk: list[tuple[Action, Actor, bool]],
) -> None:
    model = apply(Model(), Action.FILE, Actor.BUYER, False)
    for action, actor, clock_passes in walk:
        try:
            model = apply(model, action, actor, clock_passes)
        except NotAllowed:
            continue
        # a deadline runs if and only if the shop owes the next step
        assert model.deadline == (model.status in DEADLINE_STATES)
        # a claim is closed exactly in the closed states, and RESOLVED only with a done
        # resolution or a settlement, never while a resolution runs
        assert model.closed == (model.status in CLOSED)
        if model.status is ClaimStatus.RESOLVING:
            assert model.resolution in ("running", "failed")
        if model.resolution == "running":
            assert model.status is ClaimStatus.RESOLVING
        # a buyer escalates once at most
        if model.status is ClaimStatus.REJECTED and model.buyer_escalated:
            assert Action.ESCALATE not in actions_for(model.status, Actor.BUYER, model.facts())
