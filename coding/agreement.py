"""Inter-coder agreement: percent agreement, Cohen's kappa and Krippendorff's alpha, per code.

A *unit* is one excerpt or sentence drawn into a double-coding sample, named by its unit id;
every coder assigned to the sample judges the same units. For agreement on a code, each coder's
datum for a unit is the code's presence (1) or absence (0); a unit a coder was not assigned is
missing. Statistics that have no variation to work with (every judgement identical) are
undefined and returned as None rather than a misleading 1.0 or 0.0.
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd

LEVELS = ("nominal", "ordinal", "interval", "ratio")
OVERALL = "overall"


class AgreementError(ValueError):
    """Agreement input that cannot be used; the message says what to fix."""


def reliability_matrix(reliability_data: Sequence[Sequence[Any]] | np.ndarray,
                       level: str = "nominal") -> np.ndarray:
    """A float coders × units array with nan for missing, from lists using None for missing."""
    if level not in LEVELS:
        raise AgreementError(f"Level of measurement must be one of {', '.join(LEVELS)}, not {level!r}.")
    rows = [list(row) for row in reliability_data]
    if len(rows) < 2:
        raise AgreementError("Agreement needs at least two coders (one row per coder).")
    if len({len(row) for row in rows}) != 1 or not rows[0]:
        raise AgreementError("Every coder's row must have one value per unit, and there must be units.")
    values = [v for row in rows for v in row if not _is_missing(v)]
    if all(isinstance(v, (int, float, np.number)) and not isinstance(v, bool) for v in values):
        return np.array([[np.nan if _is_missing(v) else float(v) for v in row] for row in rows])
    if level != "nominal":
        raise AgreementError(f"{level.capitalize()} agreement needs numeric values; "
                             "map the categories to numbers in their order first.")
    # Nominal categories only need to be told apart, so any stable numbering of labels will do.
    numbering = {label: i for i, label in enumerate(sorted({str(v) for v in values}))}
    return np.array([[np.nan if _is_missing(v) else float(numbering[str(v)]) for v in row]
                     for row in rows])


def _is_missing(value: Any) -> bool:
    """True for None and nan, the two ways callers write 'not coded'."""
    return value is None or (isinstance(value, float) and np.isnan(value))


def krippendorff_alpha(reliability_data: Sequence[Sequence[Any]] | np.ndarray,
                       level: str = "nominal") -> float | None:
    """Krippendorff's alpha of a coders × units table (None = missing), or None when undefined.

    Computed here from the coincidence matrix (Krippendorff 2011, sections A-C) rather than by
    the `krippendorff` package, so the tests can check one against the other.
    """
    matrix = reliability_matrix(reliability_data, level)
    pairable = np.sum(~np.isnan(matrix), axis=0) >= 2
    if not pairable.any():
        raise AgreementError("No unit was coded by two or more coders, so agreement cannot be measured.")
    judged = matrix[:, pairable]
    values = np.unique(judged[~np.isnan(judged)])
    if len(values) < 2:
        return None  # One value everywhere: expected disagreement is zero, alpha is 0/0.
    coincidences = _coincidences(judged, values)
    totals = coincidences.sum(axis=1)  # n_c: how often each value was pairable
    delta = _distances(values, totals, level)
    n = totals.sum()
    expected = float(np.sum(np.outer(totals, totals) * delta))
    if expected == 0.0:
        return None
    return 1.0 - (n - 1) * float(np.sum(coincidences * delta)) / expected


def _coincidences(judged: np.ndarray, values: np.ndarray) -> np.ndarray:
    """o_ck: pairs of values c, k given to the same unit by different coders, each unit
    weighted 1 / (m_u - 1) where m_u is how many coders judged it."""
    counts = np.stack([np.sum(judged == value, axis=0) for value in values], axis=1)  # units × V
    weights = 1.0 / (counts.sum(axis=1) - 1)
    pairs = np.einsum("u,uc,uk->ck", weights, counts, counts)
    return pairs - np.diag(np.sum(weights[:, None] * counts, axis=0))


def _distances(values: np.ndarray, totals: np.ndarray, level: str) -> np.ndarray:
    """The squared difference function δ²(c, k) of the level of measurement, V × V."""
    c, k = np.meshgrid(values, values, indexing="ij")
    if level == "nominal":
        return (c != k).astype(float)
    if level == "interval":
        return (c - k) ** 2
    if level == "ratio":
        total = c + k
        return np.divide((c - k) ** 2, total ** 2, out=np.zeros_like(total), where=total != 0)
    # Ordinal: the number of pairable values between the ranks, half the ends counted.
    cumulative = np.cumsum(totals)
    i, j = np.meshgrid(np.arange(len(values)), np.arange(len(values)), indexing="ij")
    low, high = np.minimum(i, j), np.maximum(i, j)
    between = cumulative[high] - cumulative[low] + totals[low]
    return (between - (totals[i] + totals[j]) / 2.0) ** 2


def percent_agreement(reliability_data: Sequence[Sequence[Any]] | np.ndarray) -> float:
    """Share of pairs of judgements on the same unit that agree (for two coders: share of units)."""
    matrix = reliability_matrix(reliability_data)
    agreeing = total = 0
    for unit in matrix.T:
        coded = unit[~np.isnan(unit)]
        for a, b in combinations(coded, 2):
            agreeing += int(a == b)
            total += 1
    if total == 0:
        raise AgreementError("No unit was coded by two or more coders, so agreement cannot be measured.")
    return agreeing / total


def cohen_kappa(first: Sequence[Any], second: Sequence[Any]) -> float | None:
    """Cohen's kappa of two coders over the units both coded, or None when undefined."""
    matrix = reliability_matrix([first, second])
    both = ~np.isnan(matrix).any(axis=0)
    if not both.any():
        raise AgreementError("The two coders share no coded unit, so kappa cannot be measured.")
    a, b = matrix[0, both], matrix[1, both]
    observed = float(np.mean(a == b))
    categories = np.union1d(a, b)
    expected = float(sum(np.mean(a == c) * np.mean(b == c) for c in categories))
    if expected == 1.0:
        return None  # Both coders used one and the same category: chance agreement is total.
    return (observed - expected) / (1.0 - expected)


def _record_fields(record: Any) -> tuple[Hashable, Hashable, Hashable]:
    """(unit_id, coder_id, code_key) from a mapping or a three-item sequence."""
    if isinstance(record, Mapping):
        try:
            return record["unit_id"], record["coder_id"], record["code_key"]
        except KeyError as missing:
            raise AgreementError(f"A code application has no {missing.args[0]}.") from None
    fields = tuple(record)
    if len(fields) != 3:
        raise AgreementError("A code application is (unit_id, coder_id, code_key).")
    return fields  # type: ignore[return-value]


def _presence_tables(applications: Iterable[Any], units: Sequence[Hashable],
                     coders: Sequence[Hashable], assigned: Mapping[Hashable, set],
                     codes: Sequence[Hashable]) -> dict[Hashable, list[list[int | None]]]:
    """Per code, a coders × units table of 1/0 presence, None where a coder had no assignment."""
    applied: set[tuple[Hashable, Hashable, Hashable]] = set()
    for record in applications:
        unit, coder, code = _record_fields(record)
        if coder not in assigned:
            raise AgreementError(f"Coder {coder!r} applied a code but is not one of the sample's coders.")
        if unit not in assigned[coder]:
            raise AgreementError(f"Coder {coder!r} coded unit {unit!r}, which was not assigned to them.")
        applied.add((unit, coder, code))
    all_codes = list(dict.fromkeys([*codes, *sorted({c for _, _, c in applied}, key=str)]))
    return {code: [[(1 if (u, coder, code) in applied else 0) if u in assigned[coder] else None
                    for u in units] for coder in coders] for code in all_codes}


def _summary(code: Hashable, table: list[list[int | None]]) -> dict[str, Any]:
    """One row of the agreement table for a coders × units presence table."""
    pairable = sum(1 for unit in zip(*table) if sum(v is not None for v in unit) >= 2)
    return {"code": code, "n_units": pairable,
            "percent_agreement": 100.0 * percent_agreement(table),
            "kappa": cohen_kappa(table[0], table[1]) if len(table) == 2 else None,
            "alpha": krippendorff_alpha(table, "nominal")}


def agreement_by_code(applications: Iterable[Any], units: Sequence[Hashable],
                      coders: Sequence[Hashable],
                      assignments: Mapping[Hashable, Iterable[Hashable]] | None = None,
                      codes: Sequence[Hashable] = ()) -> pd.DataFrame:
    """Per-code agreement (code, n_units, percent_agreement, kappa, alpha) plus an overall row.

    `applications` are (unit_id, coder_id, code_key) records; a coder's silence on an assigned
    unit means the code is absent. `assignments` maps coder → units they coded (default: all).
    `codes` lists codebook codes to report even if nobody applied them. The overall row pools
    every (unit, code) pair as one binary judgement, so common codes weigh more than rare ones.
    kappa is filled in only for exactly two coders; percent agreement is a percentage; an
    undefined kappa or alpha (no variation, e.g. a code nobody applied) is NaN in the table.
    """
    units, coders = list(units), list(coders)
    if len(set(units)) != len(units) or len(set(coders)) != len(coders):
        raise AgreementError("Units and coders must each be listed once.")
    if len(coders) < 2:
        raise AgreementError("Agreement needs at least two coders.")
    assigned = {c: set(units) for c in coders} if assignments is None else \
        {c: set(assignments.get(c, ())) for c in coders}
    unknown = set().union(*assigned.values()) - set(units)
    if unknown:
        raise AgreementError(f"Assigned units {sorted(map(str, unknown))} are not in the sample.")
    tables = _presence_tables(applications, units, coders, assigned, codes)
    if not tables:
        raise AgreementError("There are no codes to measure: no applications and no codes listed.")
    rows = [_summary(code, table) for code, table in tables.items()]
    pooled = [sum((row for row in (t[i] for t in tables.values())), []) for i in range(len(coders))]
    rows.append(_summary(OVERALL, pooled))
    return pd.DataFrame(rows, columns=["code", "n_units", "percent_agreement", "kappa", "alpha"])
