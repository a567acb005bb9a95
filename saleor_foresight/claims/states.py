"""The claim state machine, as data: ``TABLE`` maps (state, action, actor) to the next state,
what the shop's response deadline does, and the guards that must hold. The service consults
it for every change and the README shows it (``render_markdown``); nothing else decides.

States. OPEN: the shop owes an answer (a deadline runs). WAITING_FOR_BUYER: staff asked for
information. OFFER_MADE: staff offered a resolution; the buyer accepts or declines.
RESOLVING: an accepted resolution is being carried out in Saleor; the claim waits here
until Saleor confirms it (a refund is never shown before). RESOLVED, WITHDRAWN: closed.
REJECTED: closed, unless the buyer escalates it (once). ESCALATED: the shop missed its
deadline, or the buyer disputes a rejection or a missed deadline; staff act as on OPEN.

The response deadline runs exactly while the shop owes the next step: in OPEN and
ESCALATED. Every buyer step that hands the claim back to the shop RESTARTs it (filing,
a message, declining an offer, answering a request, escalating); a staff decision STOPs it
(request info, offer, reject, resolve); a staff message KEEPs it, so a courtesy reply does
not dodge the deadline. A buyer's question about an offer keeps the offer on the table and
starts no clock: declining it does. The sweep (``sweep.py``) takes MISS_DEADLINE for OPEN
and ESCALATED claims whose deadline passed, once per deadline, and tells staff.

Guards: DEADLINE_MISSED (the deadline has passed), FIRST_BUYER_ESCALATION (a buyer escalates
a claim once; after that a rejection is final), RESOLUTION_FAILED (Saleor refused or never
confirmed the resolution: staff may retry it, or settle the claim by hand).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from .errors import NotAllowed


class ClaimStatus(StrEnum):
    OPEN = "OPEN"
    WAITING_FOR_BUYER = "WAITING_FOR_BUYER"
    OFFER_MADE = "OFFER_MADE"
    RESOLVING = "RESOLVING"
    RESOLVED = "RESOLVED"
    REJECTED = "REJECTED"
    WITHDRAWN = "WITHDRAWN"
    ESCALATED = "ESCALATED"


class Action(StrEnum):
    FILE = "FILE"
    MESSAGE = "MESSAGE"
    NOTE = "NOTE"
    ASSIGN = "ASSIGN"
    REQUEST_INFO = "REQUEST_INFO"
    OFFER = "OFFER"
    ACCEPT_OFFER = "ACCEPT_OFFER"
    DECLINE_OFFER = "DECLINE_OFFER"
    REJECT = "REJECT"
    RESOLVE = "RESOLVE"
    SETTLE = "SETTLE"
    ESCALATE = "ESCALATE"
    WITHDRAW = "WITHDRAW"
    MISS_DEADLINE = "MISS_DEADLINE"
    CONFIRM_RESOLUTION = "CONFIRM_RESOLUTION"
    FAIL_RESOLUTION = "FAIL_RESOLUTION"
    RETRY_RESOLUTION = "RETRY_RESOLUTION"


class Actor(StrEnum):
    BUYER = "BUYER"
    STAFF = "STAFF"
    SYSTEM = "SYSTEM"


class Deadline(StrEnum):
    RESTART = "RESTART"
    STOP = "STOP"
    KEEP = "KEEP"


class Guard(StrEnum):
    DEADLINE_MISSED = "DEADLINE_MISSED"
    FIRST_BUYER_ESCALATION = "FIRST_BUYER_ESCALATION"
    RESOLUTION_FAILED = "RESOLUTION_FAILED"


@dataclass(frozen=True)
class Transition:
    to: ClaimStatus
    deadline: Deadline
    guards: tuple[Guard, ...] = ()


S = ClaimStatus
CLOSED = frozenset({S.RESOLVED, S.REJECTED, S.WITHDRAWN})
# the shop owes the next step: the only states with a running deadline
DEADLINE_STATES = frozenset({S.OPEN, S.ESCALATED})
TALKING = (S.OPEN, S.WAITING_FOR_BUYER, S.OFFER_MADE, S.ESCALATED)
LIVE = (*TALKING, S.RESOLVING)

Key = tuple[ClaimStatus | None, Action, Actor]


def _build() -> dict[Key, Transition]:
    table: dict[Key, Transition] = {}

    def add(
        states: Iterable[ClaimStatus | None],
        action: Action,
        actor: Actor,
        to: ClaimStatus | None = None,
        deadline: Deadline = Deadline.KEEP,
        guards: tuple[Guard, ...] = (),
    ) -> None:
        for state in states:
            target = to if to is not None else state
            assert target is not None
            table[(state, action, actor)] = Transition(target, deadline, guards)

    b, st, sy = Actor.BUYER, Actor.STAFF, Actor.SYSTEM
    add([None], Action.FILE, b, S.OPEN, Deadline.RESTART)
    # messages: a buyer's hands the claim back to the shop, except while an offer stands
    add([S.OPEN, S.WAITING_FOR_BUYER], Action.MESSAGE, b, S.OPEN, Deadline.RESTART)
    add([S.ESCALATED], Action.MESSAGE, b, deadline=Deadline.RESTART)
    add([S.OFFER_MADE, S.RESOLVING], Action.MESSAGE, b)
    add(LIVE, Action.MESSAGE, st)
    add(list(ClaimStatus), Action.NOTE, st)
    add(LIVE, Action.ASSIGN, st)
    # staff decisions stop the clock
    add([S.OPEN, S.WAITING_FOR_BUYER, S.ESCALATED], Action.REQUEST_INFO, st,
        S.WAITING_FOR_BUYER, Deadline.STOP)  # fmt: skip
    add(TALKING, Action.OFFER, st, S.OFFER_MADE, Deadline.STOP)
    # the shop's rules answer a new claim with an offer (automatic.py)
    add([S.OPEN], Action.OFFER, sy, S.OFFER_MADE, Deadline.STOP)
    add(TALKING, Action.REJECT, st, S.REJECTED, Deadline.STOP)
    add(TALKING, Action.RESOLVE, st, S.RESOLVING, Deadline.STOP)
    add(TALKING, Action.SETTLE, st, S.RESOLVED, Deadline.STOP)
    add([S.RESOLVING], Action.SETTLE, st, S.RESOLVED, Deadline.STOP, (Guard.RESOLUTION_FAILED,))
    # the buyer answers an offer
    add([S.OFFER_MADE], Action.ACCEPT_OFFER, b, S.RESOLVING, Deadline.STOP)
    add([S.OFFER_MADE], Action.DECLINE_OFFER, b, S.OPEN, Deadline.RESTART)
    # escalation: by the buyer after a missed deadline or a rejection, once; by the sweep
    add([S.OPEN], Action.ESCALATE, b, S.ESCALATED, Deadline.RESTART,
        (Guard.DEADLINE_MISSED, Guard.FIRST_BUYER_ESCALATION))  # fmt: skip
    add([S.REJECTED], Action.ESCALATE, b, S.ESCALATED, Deadline.RESTART,
        (Guard.FIRST_BUYER_ESCALATION,))  # fmt: skip
    add(TALKING, Action.WITHDRAW, b, S.WITHDRAWN, Deadline.STOP)
    add(DEADLINE_STATES, Action.MISS_DEADLINE, sy, S.ESCALATED, guards=(Guard.DEADLINE_MISSED,))
    # carrying out the resolution in Saleor
    add([S.RESOLVING], Action.CONFIRM_RESOLUTION, sy, S.RESOLVED, Deadline.STOP)
    add([S.RESOLVING], Action.FAIL_RESOLUTION, sy)
    add([S.RESOLVING], Action.RETRY_RESOLUTION, st, guards=(Guard.RESOLUTION_FAILED,))
    return table


TABLE: Mapping[Key, Transition] = _build()


@dataclass(frozen=True)
class Facts:
    """What the guards look at, read from the claim at the time of the step."""

    deadline_missed: bool = False
    buyer_escalated: bool = False
    resolution_failed: bool = False

    def holds(self, guard: Guard) -> bool:
        if guard is Guard.DEADLINE_MISSED:
            return self.deadline_missed
        if guard is Guard.FIRST_BUYER_ESCALATION:
            return not self.buyer_escalated
        return self.resolution_failed


GUARD_REFUSALS = {
    Guard.DEADLINE_MISSED: "the shop's response deadline has not passed yet",
    Guard.FIRST_BUYER_ESCALATION: "the claim was already escalated once",
    Guard.RESOLUTION_FAILED: "the resolution has not failed",
}


def step(state: ClaimStatus | None, action: Action, actor: Actor, facts: Facts) -> Transition:
    """The transition the table allows, or NotAllowed saying why not."""
    transition = TABLE.get((state, action, actor))
    if transition is None:
        where = state.lower().replace("_", " ") if state else "a new claim"
        raise NotAllowed(f"{actor.title()} cannot {action.lower().replace('_', ' ')} on {where}.")
    for guard in transition.guards:
        if not facts.holds(guard):
            raise NotAllowed(f"Not now: {GUARD_REFUSALS[guard]}.")
    return transition


def actions_for(state: ClaimStatus, actor: Actor, facts: Facts) -> list[Action]:
    """What ``actor`` may do now, in the table's order (for the API's ``availableActions``)."""
    return [
        action
        for (at, action, who), transition in TABLE.items()
        if at == state and who == actor and all(facts.holds(g) for g in transition.guards)
    ]


def render_markdown() -> str:
    """The table for the README: one row per (state, actor, action)."""
    rows = ["| state | actor | action | next state | deadline | only if |", "|---" * 6 + "|"]
    order = {state: i for i, state in enumerate([None, *ClaimStatus])}
    for (state, action, actor), t in sorted(
        TABLE.items(), key=lambda item: (order[item[0][0]], item[0][2], item[0][1])
    ):
        rows.append(
            f"| {state or '(new)'} | {actor} | {action} | {t.to} | {t.deadline} | "
            f"{', '.join(t.guards) or ''} |"
        )
    return "\n".join(rows) + "\n"
