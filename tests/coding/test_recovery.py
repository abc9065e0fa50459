"""Which hidden cells the published margins give away."""

from coding.recovery import recoverable_cells


def test_a_lone_hidden_child_is_recoverable_and_a_hidden_pair_is_not():
    # Cells: 0 = total, 1..3 = children.
    groups = [[0, 1, 2, 3]]
    assert recoverable_cells(groups, [False, True, False, False]) == [1]
    assert recoverable_cells(groups, [False, True, True, False]) == []
    assert recoverable_cells(groups, [True, False, False, False]) == [0]


def test_a_hidden_block_is_safe_but_a_hidden_row_is_given_away_by_the_columns():
    # A 2-D table as rows and columns of a grid: cell (i, j) at 3 * i + j, index 2 the total.
    cell = {(i, j): 3 * i + j for i in range(3) for j in range(3)}
    total = 2
    groups = [[cell[(i, total)], *(cell[(i, j)] for j in range(total))] for i in range(3)]
    groups += [[cell[(total, j)], *(cell[(i, j)] for i in range(total))] for j in range(3)]
    four_corners = {cell[(0, 0)], cell[(0, 1)], cell[(1, 0)], cell[(1, 1)]}
    hidden = [c in four_corners for c in range(9)]
    assert recoverable_cells(groups, hidden) == []
    # A whole row with its total: each column then has one hidden cell, and the row total
    # follows from the recovered children.
    row = {cell[(0, 0)], cell[(0, 1)], cell[(0, 2)]}
    assert recoverable_cells(groups, [c in row for c in range(9)]) == sorted(row)


def test_nothing_hidden_means_nothing_to_recover():
    assert recoverable_cells([[0, 1, 2]], [False, False, False]) == []
