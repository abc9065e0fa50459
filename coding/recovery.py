"""Which hidden cells of a table with margins can still be worked out from the published ones.

A *group* is a list of row positions [total, child, child, ...] whose counts must add up
(total = sum of children). An attacker knows every published cell, so each group gives one
linear equation in the hidden cells; a hidden cell is recoverable when that system pins its
value down, i.e. every solution of the homogeneous system is zero in that cell.
"""

from collections.abc import Sequence

import numpy as np

# Null-space components smaller than this are rounding noise from the SVD, not freedom.
NULL_TOLERANCE = 1e-8


def _components(groups: Sequence[Sequence[int]], hidden: Sequence[bool]) -> list[list[int]]:
    """Indices of groups that share hidden cells, clustered so each cluster is solved alone."""
    parent: dict[int, int] = {}

    def root(cell: int) -> int:
        while parent.setdefault(cell, cell) != cell:
            parent[cell] = parent[parent[cell]]  # Path halving keeps the trees shallow.
            cell = parent[cell]
        return cell

    touching = [g for g, members in enumerate(groups) if any(hidden[m] for m in members)]
    for g in touching:
        cells = [m for m in groups[g] if hidden[m]]
        for cell in cells[1:]:
            parent[root(cell)] = root(cells[0])
    clusters: dict[int, list[int]] = {}
    for g in touching:
        first_hidden = next(m for m in groups[g] if hidden[m])
        clusters.setdefault(root(first_hidden), []).append(g)
    return [clusters[key] for key in sorted(clusters)]


def _determined(groups: Sequence[Sequence[int]], cluster: list[int],
                hidden: Sequence[bool]) -> list[int]:
    """Hidden cells of one cluster that the cluster's equations determine uniquely."""
    unknowns = sorted({m for g in cluster for m in groups[g] if hidden[m]})
    column = {cell: j for j, cell in enumerate(unknowns)}
    equations = np.zeros((len(cluster), len(unknowns)))
    for i, g in enumerate(cluster):
        total, *children = groups[g]
        if hidden[total]:
            equations[i, column[total]] += 1.0
        for child in children:
            if hidden[child]:
                equations[i, column[child]] -= 1.0
    _, singular, rows = np.linalg.svd(equations)
    rank = int(np.sum(singular > NULL_TOLERANCE * max(1.0, singular.max(initial=0.0))))
    null_space = rows[rank:]
    free = np.any(np.abs(null_space) > NULL_TOLERANCE, axis=0) if len(null_space) else \
        np.zeros(len(unknowns), dtype=bool)
    return [cell for cell, is_free in zip(unknowns, free) if not is_free]


def recoverable_cells(groups: Sequence[Sequence[int]], hidden: Sequence[bool]) -> list[int]:
    """Positions of hidden cells whose exact value follows from the published cells and the groups."""
    found: list[int] = []
    for cluster in _components(groups, hidden):
        found.extend(_determined(groups, cluster, hidden))
    return sorted(found)
