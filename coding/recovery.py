"""Which hidden cells of a table with margins can still be worked out from the published ones.

A *group* is a list of row positions [total, child, child, ...] whose counts must add up
(total = sum of children). An attacker knows every published cell, so each group gives one
linear equation in the hidden cells; a hidden cell is recoverable when that system pins its
value down, i.e. its unit vector lies in the row space of the equations.

The equations are sparse (a group touches a handful of hidden cells) and a release can hold
thousands of them, where a dense SVD takes minutes. So the system is reduced exactly, by
sparse Gauss-Jordan elimination in the integers modulo a 61-bit prime, pivoting on the
shortest rows first to keep fill-in low. Exact arithmetic has no tolerance to tune. Working
modulo p can only differ from the rationals if p divides a minor of the coefficient matrix
(entries -1, 0, 1): a cell recoverable over the rationals is then still found unless that
one-in-2**61 event happens, and the error in the other direction only hides one cell more.
"""

import heapq
from collections.abc import Iterable, Mapping, Sequence

PRIME = (1 << 61) - 1  # a Mersenne prime: exact, and Python's integers make it cheap


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


def _equation(group: Sequence[int], hidden: Sequence[bool]) -> dict[int, int]:
    """total - sum(children), restricted to the hidden cells, as {cell: coefficient mod p}."""
    total, *children = group
    row: dict[int, int] = {}
    if hidden[total]:
        row[total] = 1
    for child in children:
        if hidden[child]:
            row[child] = (row.get(child, 0) - 1) % PRIME
    return {cell: value for cell, value in row.items() if value}


def _determined(groups: Sequence[Sequence[int]], cluster: list[int],
                hidden: Sequence[bool]) -> list[int]:
    """Hidden cells of one cluster that the cluster's equations determine uniquely."""
    rows = [row for row in (_equation(groups[g], hidden) for g in cluster) if row]
    holding: dict[int, set[int]] = {}  # cell -> rows with a non-zero coefficient for it
    for i, row in enumerate(rows):
        for cell in row:
            holding.setdefault(cell, set()).add(i)
    pivot_rows: list[int] = []
    queue = [(len(row), i) for i, row in enumerate(rows)]  # shortest row first, lazily updated
    heapq.heapify(queue)
    done: set[int] = set()
    while queue:
        length, i = heapq.heappop(queue)
        if i in done:
            continue
        row = rows[i]
        if len(row) != length:  # eliminations since it was queued changed its length
            heapq.heappush(queue, (len(row), i))
            continue
        done.add(i)
        if not row:
            continue
        cell = min(row, key=lambda c: (len(holding[c]), c))
        if row[cell] != 1:  # scale the pivot to 1; -1 is its own inverse, else Fermat's
            scale = PRIME - 1 if row[cell] == PRIME - 1 else pow(row[cell], PRIME - 2, PRIME)
            for c in row:
                row[c] = row[c] * scale % PRIME
        pivot_rows.append(i)
        for k in list(holding[cell] - {i}):
            _subtract(rows[k], row, rows[k][cell], k, holding)
    # In reduced row echelon form a unit vector is in the row space only as a one-cell row.
    return sorted(next(iter(rows[i])) for i in pivot_rows if len(rows[i]) == 1)


def _subtract(target: dict[int, int], pivot: dict[int, int], factor: int, k: int,
              holding: dict[int, set[int]]) -> None:
    """target -= factor * pivot (mod p), keeping the cell -> rows index in step."""
    for cell, value in pivot.items():
        new = (target.get(cell, 0) - factor * value) % PRIME
        if new:
            if cell not in target:
                holding[cell].add(k)
            target[cell] = new
        elif cell in target:
            del target[cell]
            holding[cell].discard(k)


def recoverable_cells(groups: Sequence[Sequence[int]], hidden: Sequence[bool],
                      near: Iterable[int] | None = None,
                      groups_of: Mapping[int, Sequence[int]] | None = None) -> list[int]:
    """Positions of hidden cells whose exact value follows from the published cells and the groups.

    With `near` (cells hidden since the last call) and `groups_of` (cell -> its groups), only
    the clusters holding those cells are solved: the others have not changed.
    """
    clusters = (_components(groups, hidden) if near is None
                else _clusters_near(groups, hidden, near, groups_of or {}))
    found: list[int] = []
    for cluster in clusters:
        found.extend(_determined(groups, cluster, hidden))
    return sorted(found)


def _clusters_near(groups: Sequence[Sequence[int]], hidden: Sequence[bool], near: Iterable[int],
                   groups_of: Mapping[int, Sequence[int]]) -> list[list[int]]:
    """The clusters (as in _components) that hold any of the `near` cells."""
    seen_cells: set[int] = set()
    clusters = []
    for start in sorted(near):
        if start in seen_cells or not hidden[start]:
            continue
        seen_cells.add(start)
        cluster, seen_groups, frontier = [], set(), [start]
        while frontier:
            cell = frontier.pop()
            for g in groups_of.get(cell, ()):
                if g in seen_groups:
                    continue
                seen_groups.add(g)
                cluster.append(g)
                for m in groups[g]:
                    if hidden[m] and m not in seen_cells:
                        seen_cells.add(m)
                        frontier.append(m)
        if cluster:
            clusters.append(sorted(cluster))
    return clusters
