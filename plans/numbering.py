"""Numbers as boards write them: objectives 1, 2, 3...; their outcomes 1.1, 1.2...; a plan may repeat a number
(Kingston's two 9.2s), so numbers are text and `order` says where a thing stands."""

import re

from django.db import transaction
from simple_history.utils import bulk_update_with_history

TRAILING_NUMBER = re.compile(r"(\d+)\s*$")


def next_number(parent_number, sibling_numbers):
    """The number after the highest of the siblings, in the parent's style: '9' with 9.1, 9.2, 9.2, 9.3 -> '9.4'."""
    highest = 0
    for number in sibling_numbers:
        match = TRAILING_NUMBER.search(number or "")
        if match:
            highest = max(highest, int(match.group(1)))
    return f"{parent_number}.{highest + 1}" if parent_number else str(highest + 1)


def next_order(orders):
    return max(orders, default=-1) + 1


def save_changed(objects, fields, user):
    """Write changed objects in one bulk update that leaves history; bump their versions so open forms notice."""
    if not objects:
        return 0
    for obj in objects:
        obj.version += 1
    bulk_update_with_history(objects, type(objects[0]), [*fields, "version"], default_user=user)
    return len(objects)


@transaction.atomic
def move(item, siblings, direction, user):
    """Swap an objective or action with its neighbour above (direction -1) or below (+1). Numbers are untouched:
    renumbering is a separate, deliberate step. Returns False where there is no neighbour."""
    ordered = list(siblings.select_for_update().order_by("order", "id"))
    index = next(i for i, s in enumerate(ordered) if s.pk == item.pk)
    other = index + direction
    if not 0 <= other < len(ordered):
        return False
    ordered[index], ordered[other] = ordered[other], ordered[index]
    changed = []
    for position, obj in enumerate(ordered):
        if obj.order != position:
            obj.order = position
            changed.append(obj)
    save_changed(changed, ["order"], user)
    return True
