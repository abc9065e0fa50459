"""The equations of a table with margins: which cells add up into which totals.

A *group* is [total, child, child, ...] along one dimension. Real tables do not always add
up (see coding.disclosure), so each total its parts miss gets an Unrecorded remainder cell.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # only for the annotations: coding.disclosure imports this module
    from coding.disclosure import Dimension


@dataclass(frozen=True)
class Unrecorded:
    """The part of a total that none of its children records (e.g. no area given): never published."""
    of: Hashable

    def __str__(self) -> str:  # sorts after every real value, so ties break the same way
        return f"~unrecorded {self.of}"


def _children_of(keys: list[tuple], dimensions: Sequence[Dimension],
                 position: Mapping[tuple, int]) -> dict[tuple[int, int], list[int]]:
    """(dimension, total's position) -> positions of the cells that add up into that total."""
    children: dict[tuple[int, int], list[int]] = {}
    for i, key in enumerate(keys):
        if key not in position:
            continue
        for d, dim in enumerate(dimensions):
            parent = dim.parent_of(key[d])
            if parent is None:
                continue
            total = position.get(key[:d] + (parent,) + key[d + 1:])
            if total is not None:
                children.setdefault((d, total), []).append(i)
    return children


def with_remainders(keys: list[tuple], counts: np.ndarray, available: np.ndarray,
                     dimensions: Sequence[Dimension]
                     ) -> tuple[list[tuple], list[float], dict[tuple[int, int], list[int]]]:
    """The keys and counts with an Unrecorded remainder cell for each total its children miss,
    and every total's children (as _children_of) once none is missing.

    Remainders are themselves grouped along the other dimensions, so this repeats until every
    group adds up; a total whose children add up to more than it (overlapping categories) is
    no equation at all and is left for groups_that_add_up to drop.
    """
    keys, values = list(keys), counts.tolist()
    # Unavailable (x) cells are in no group: whatever they hold is in their totals' remainders.
    position = {key: i for i, key in enumerate(keys) if available[i]}
    while True:
        children = _children_of(keys, dimensions, position)
        added = 0
        for (d, total), members in children.items():
            rest = values[total] - sum(values[c] for c in members)
            key = keys[total][:d] + (Unrecorded(keys[total][d]),) + keys[total][d + 1:]
            if rest > 0 and key not in position:
                position[key] = len(keys)
                keys.append(key)
                values.append(rest)
                added += 1
        if not added:
            return keys, values, children


def groups_that_add_up(children: dict[tuple[int, int], list[int]], values: list[float],
                       order: list[tuple]) -> list[list[int]]:
    """Every [total, children...] that adds up, along every dimension, in a stable order."""
    adds_up = {g: members for g, members in children.items()
               if values[g[1]] == sum(values[c] for c in members)}
    ordered = sorted(adds_up, key=lambda g: (g[0], order[g[1]]))
    return [[total, *sorted(adds_up[(d, total)], key=order.__getitem__)] for d, total in ordered]
