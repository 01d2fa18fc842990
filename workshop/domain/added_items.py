"""F6: an item the workshop adds to a work order after opening it, and the one rule of when its lines count.

A line tied to no added item is part of the work order as opened and always counts. A line of an added item
counts (is charged, may be issued, is billed) only once the customer confirmed that item.
"""

from __future__ import annotations

from collections.abc import Collection

from workshop.domain.codes import AddedState

AddedItemState = AddedState  # one enum (workshop.domain.codes), labelled in workshop.domain.labels


# an item the advisor may still decline: not yet declined
DECLINABLE = (AddedItemState.PROPOSED, AddedItemState.CONFIRMED)


def line_counts(added_item_id: int | None, confirmed_items: Collection[int]) -> bool:
    """F6: a line counts when it is no added item's, or its item is among the confirmed ones."""
    return added_item_id is None or added_item_id in confirmed_items


def item_state_counts(added_item_state: str | None) -> bool:
    """F6 by the state of the line's item (None: the line belongs to no added item)."""
    return added_item_state is None or added_item_state == AddedItemState.CONFIRMED
