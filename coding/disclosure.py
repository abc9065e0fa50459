"""Disclosure control: the one function every export and on-screen table of counts goes through.

It follows DfE's published practice for children's social care statistics: counts of 1 to the
threshold become `c`, true zeros are published, a second cell is suppressed wherever a
suppressed cell could be worked out by subtraction, national and regional counts can be rounded
to the nearest 10 (halves up), and percentages need a denominator at or above the threshold.
Symbols are EES's: `c` suppressed, `z` not applicable, `x` not available, `low` rounds to zero.

Secondary suppression assumes the strongest attacker: rounded cells count as known exactly, and
after the classic group-by-group pass a linear-algebra check (coding.recovery) catches cells
that only a chain of margins gives away. Percentages of hidden counts are hidden too.

Real tables do not always add up: a response with no area recorded counts in its authority but
in none of the authority's areas, one with no sex recorded in Total but in neither sex. Reading
such a group as "total = sum of children" would hand the solver a false equation (it then
"proves" cells are 0 and demands protection no suppression can give). So each such group gets
an unpublished remainder cell, `Unrecorded(total)`, worth the difference; remainders add up
along the other dimensions like any cell, so an attacker who differences them is modelled too,
and a remainder of 1 to the threshold is protected like a published small count.
"""

import heapq
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from coding.cell_groups import Unrecorded, groups_that_add_up, with_remainders
from coding.recovery import recoverable_cells

SUPPRESSED, NOT_APPLICABLE, NOT_AVAILABLE, LOW = "c", "z", "x", "low"
PRIMARY, SECONDARY, DENOMINATOR = "primary", "secondary", "denominator"
# Labels longer than this, or spanning lines, are somebody's words rather than a category.
MAX_LABEL_LENGTH = 120


class DisclosureError(ValueError):
    """A table or policy that cannot be disclosure-controlled; the message says what to fix."""


@dataclass(frozen=True)
class Dimension:
    """A dimension column: a flat filter whose values add up to `total`, or a `parents` hierarchy.

    For geography give `parents` (sub-LA area -> LA -> region -> country) and `levels` (value ->
    "National", "Regional", ...); `total` is then unused. `total=None` without parents (period,
    indicator) means the values do not add up to anything.
    """
    column: str
    total: Hashable | None = "Total"
    parents: Mapping[Hashable, Hashable] | None = None
    levels: Mapping[Hashable, str] = field(default_factory=dict)

    def parent_of(self, value: Hashable) -> Hashable | None:
        """The value whose cell this value's cell adds up into, or None at the top."""
        if isinstance(value, Unrecorded):
            return value.of
        if self.parents is not None:
            return self.parents.get(value)
        return None if self.total is None or value == self.total else self.total


@dataclass(frozen=True)
class DisclosurePolicy:
    """The suppression and rounding rule, recorded in every export's manifest."""
    threshold: int = 5
    publish_zeros: bool = True
    rounded_levels: frozenset[str] = frozenset()  # e.g. {"National", "Regional"}; empty = exact
    rounding_base: int = 10
    percent_decimals: int = 1


def apply_disclosure_control(table: pd.DataFrame, dimensions: Sequence[Dimension],
                             policy: DisclosurePolicy = DisclosurePolicy(), *,
                             count: str = "count", denominator: str | None = None,
                             attributes: Sequence[str] = ()) -> pd.DataFrame:
    """The table with `value` and `suppressed_reason` (and `percent`) in place of raw numbers.

    Rows are cells keyed by the dimension columns; `attributes` are label columns carried
    through (names, codes, levels). Any other column is refused, so free text cannot leak. The
    raw count and denominator columns are dropped; the input is not changed.
    """
    _check_policy(policy, dimensions)
    _check_columns(table, dimensions, count, denominator, attributes)
    keys = list(zip(*(table[d.column].tolist() for d in dimensions)))
    _check_keys(keys, dimensions)
    counts = table[count].to_numpy(dtype=float)
    available = ~np.isnan(counts)
    primary = available & ((counts >= 1) & (counts <= policy.threshold)
                           | ((counts == 0) & (not policy.publish_zeros)))
    n_cells = len(keys)
    keys, values, children = with_remainders(keys, counts, available, dimensions)
    all_counts = np.array(values, dtype=float)
    order = [tuple(str(v) for v in key) for key in keys]
    groups = groups_that_add_up(children, values, order)
    hidden = np.concatenate([primary, np.ones(len(keys) - n_cells, dtype=bool)])
    # Every real hidden cell must stay unknown; a remainder only when its count is small.
    sensitive = np.concatenate([np.ones(n_cells, dtype=bool),
                                all_counts[n_cells:] <= policy.threshold])
    _suppress_secondary(groups, all_counts, hidden, sensitive, order, policy.threshold)
    hidden = hidden[:n_cells]
    reasons = np.where(primary, PRIMARY, np.where(hidden, SECONDARY, ""))
    rounded = np.array([_is_rounded(key, dimensions, policy) for key in keys[:n_cells]],
                       dtype=bool)
    result = table.drop(columns=[c for c in (count, denominator) if c]).copy()
    result["value"] = [_format_count(c, h, r, policy) for c, h, r in zip(counts, hidden, rounded)]
    if denominator:
        percents = [_format_percent(c, d, h, policy) for c, d, h in
                    zip(counts, table[denominator].to_numpy(dtype=float), hidden)]
        result["percent"] = [p for p, _ in percents]
        small_denominator = np.array([bad for _, bad in percents], dtype=bool)
        reasons = np.where((reasons == "") & small_denominator, DENOMINATOR, reasons)
    result["suppressed_reason"] = reasons
    return result


def _check_policy(policy: DisclosurePolicy, dimensions: Sequence[Dimension]) -> None:
    """Refuse policies that cannot be applied as written."""
    if not isinstance(policy.threshold, int) or policy.threshold < 0:
        raise DisclosureError("The suppression threshold must be a whole number, 0 or more.")
    if not isinstance(policy.rounding_base, int) or policy.rounding_base < 1:
        raise DisclosureError("The rounding base must be a whole number, 1 or more.")
    known = {level for d in dimensions for level in d.levels.values()}
    if policy.rounded_levels - known:
        raise DisclosureError(f"Rounded levels {sorted(policy.rounded_levels - known)} are not the "
                              "level of any value; give the geography dimension its levels.")


def _check_columns(table: pd.DataFrame, dimensions: Sequence[Dimension], count: str,
                   denominator: str | None, attributes: Sequence[str]) -> None:
    """Refuse missing, unknown, non-numeric and free-text columns."""
    if not isinstance(table, pd.DataFrame):
        raise DisclosureError("Disclosure control takes a pandas DataFrame of counts.")
    labels = [d.column for d in dimensions] + list(attributes)
    numbers = [c for c in (count, denominator) if c]
    if len(set(labels + numbers)) != len(labels + numbers):
        raise DisclosureError("Each column may be a dimension, attribute, count or denominator once.")
    missing = [c for c in labels + numbers if c not in table.columns]
    if missing:
        raise DisclosureError(f"The table has no column {', '.join(map(repr, missing))}.")
    unknown = [c for c in table.columns if c not in labels + numbers]
    if unknown:
        raise DisclosureError(f"Column {', '.join(map(repr, unknown))} is not a declared dimension, "
                              "attribute, count or denominator; drop it (free text is never exported).")
    for column in numbers:
        _check_counts(table[column], column)
    for column in labels:
        for row, value in enumerate(table[column].tolist()):
            if isinstance(value, str) and ("\n" in value or len(value) > MAX_LABEL_LENGTH):
                raise DisclosureError(f"Column {column!r} looks like free text (row {row + 1}); "
                                      "only category labels may be exported.")


def _check_counts(values: pd.Series, column: str) -> None:
    """Counts are whole numbers, 0 or more; missing (NaN) means not available."""
    if not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values):
        raise DisclosureError(f"Column {column!r} must hold numbers.")
    numbers = values.to_numpy(dtype=float)
    present = numbers[~np.isnan(numbers)]
    if (present < 0).any() or (present != np.floor(present)).any():
        raise DisclosureError(f"Column {column!r} must hold whole numbers, 0 or more.")


def _check_keys(keys: list[tuple], dimensions: Sequence[Dimension]) -> None:
    """Each cell appears once and every hierarchy value is in its hierarchy."""
    if len(set(keys)) != len(keys):
        raise DisclosureError("Two rows have the same dimension values; aggregate them first.")
    for d, dim in enumerate(dimensions):
        if dim.parents is None:
            continue
        known = set(dim.parents) | set(dim.parents.values()) | set(dim.levels)
        strays = sorted({str(key[d]) for key in keys if key[d] not in known})
        if strays:
            raise DisclosureError(f"Values {strays} of {dim.column!r} are not in its hierarchy.")


def _suppress_secondary(groups: list[list[int]], counts: np.ndarray, hidden: np.ndarray,
                        sensitive: np.ndarray, order: list[tuple], threshold: int) -> None:
    """Hide more cells until no sensitive hidden cell can be worked out from the published ones."""
    groups_of: dict[int, list[int]] = {}
    for g, group in enumerate(groups):
        for cell in group:
            groups_of.setdefault(cell, []).append(g)
    # Plain lists: these loops index single cells millions of times, where numpy is slow.
    flags, values, must_hide = hidden.tolist(), counts.tolist(), sensitive.tolist()

    def hide(cell: int) -> None:
        hidden[cell] = flags[cell] = True

    def open_groups_near(cell: int) -> list[int]:
        """The partly hidden groups nearest the cell through fully hidden ones (breadth first)."""
        seen_groups, seen_cells, frontier = set(), {cell}, [cell]
        while frontier:
            found, next_cells = [], []
            for c in frontier:
                for g in groups_of.get(c, ()):
                    if g in seen_groups:
                        continue
                    seen_groups.add(g)
                    members = groups[g]
                    if not all(flags[m] for m in members):
                        found.append(g)
                    else:
                        fresh = [m for m in members if m not in seen_cells]
                        seen_cells.update(fresh)
                        next_cells += fresh
            if found:
                return found
            frontier = next_cells
        return []

    # Only groups and clusters holding a newly hidden cell are looked at again: on a release of
    # 100,000 cells the rest have not changed, and re-checking them was most of the time.
    to_check = list(range(len(groups)))  # group indices, lowest (first in order) first
    newly_hidden: list[int] | None = None  # None: solve every cluster
    while True:
        while to_check:  # The classic pass: cheap, and settles nearly every table.
            group = groups[heapq.heappop(to_check)]
            if _exposed(group, values, flags, must_hide, threshold):
                partner = _partner(group, values, flags, order)
                hide(partner)
                if newly_hidden is not None:
                    newly_hidden.append(partner)
                for g in groups_of.get(partner, ()):
                    heapq.heappush(to_check, g)
        # Subtraction within single groups is safe now; chains across groups may still solve.
        recoverable = [c for c in recoverable_cells(groups, flags, newly_hidden, groups_of)
                       if must_hide[c]]
        if not recoverable:
            return
        newly_hidden = []
        # One partner next to each recoverable cell per round (solving is the costly part),
        # chosen by the cells' values, not their row positions, so row order cannot matter.
        protected: set[int] = set()
        for exposed in sorted(recoverable, key=order.__getitem__):
            around = open_groups_near(exposed)
            if protected.intersection(around):
                continue  # a cell hidden this round already sits in one of its equations
            if not around:  # only possible for a hidden 0 pinned by the table's shape
                raise DisclosureError("This table cannot be protected by suppression: a hidden "
                                      "cell is fixed by the table's shape alone; report this.")
            cheapest = min(around, key=lambda g: _partner_rank(groups[g], values, flags, order))
            partner = _partner(groups[cheapest], values, flags, order)
            hide(partner)
            newly_hidden.append(partner)
            for g in groups_of.get(partner, ()):
                heapq.heappush(to_check, g)
            protected.add(cheapest)


def _exposed(group: list[int], counts: list[float], hidden: list[bool],
             sensitive: list[bool], threshold: int) -> bool:
    """True when subtraction within the group reveals a sensitive hidden cell or a small sum."""
    hidden_cells = [c for c in group if hidden[c]]
    if not hidden_cells or len(hidden_cells) == len(group):
        return False
    if len(hidden_cells) == 1:
        return sensitive[hidden_cells[0]]
    total, children = group[0], group[1:]
    hidden_sum = sum(counts[c] for c in children if hidden[c])
    # With the total published, the hidden children's sum is known; 1..threshold discloses.
    return not hidden[total] and 0 < hidden_sum <= threshold


def _partner(group: list[int], counts: list[float], hidden: list[bool], order: list[tuple]) -> int:
    """The next cell to hide in a group: smallest non-zero published child, else a zero, else the total."""
    total, children = group[0], group[1:]
    candidates = [c for c in children if not hidden[c]] or [total]
    return min(candidates, key=lambda c: (counts[c] == 0, counts[c], order[c]))


def _partner_rank(group: list[int], counts: list[float], hidden: list[bool],
                  order: list[tuple]) -> tuple:
    """How costly hiding this group's partner would be, so the cheapest group is chosen."""
    best = _partner(group, counts, hidden, order)
    return (best == group[0], counts[best] == 0, counts[best], order[best])


def _is_rounded(key: tuple, dimensions: Sequence[Dimension], policy: DisclosurePolicy) -> bool:
    """True when any of the cell's values sits at a rounded level (national, regional)."""
    return any(dim.levels.get(value) in policy.rounded_levels
               for dim, value in zip(dimensions, key))


def _format_count(count: float, hidden: bool, rounded: bool, policy: DisclosurePolicy) -> str:
    """The published text of one count."""
    if np.isnan(count):
        return NOT_AVAILABLE
    if hidden:
        return SUPPRESSED
    whole = int(count)
    if rounded:
        base = policy.rounding_base
        # Integer arithmetic so halves always go up (Python's round() goes to even).
        nearest = (2 * whole + base) // (2 * base) * base
        return LOW if nearest == 0 and whole > 0 else str(nearest)
    return str(whole)


def _format_percent(count: float, denominator: float, hidden: bool,
                    policy: DisclosurePolicy) -> tuple[str, bool]:
    """The published percentage and whether a small denominator alone suppressed it."""
    if np.isnan(count) or np.isnan(denominator):
        return NOT_AVAILABLE, False
    if hidden:
        return SUPPRESSED, False
    if denominator == 0:
        return NOT_APPLICABLE, False
    if denominator < policy.threshold:
        return SUPPRESSED, True
    return f"{100 * count / denominator:.{policy.percent_decimals}f}", False
