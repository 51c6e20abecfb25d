"""pdfplumber's lattice cell finding, the same cells found faster (used by the pdfium engine).

Contract: ``cells_of(intersections)`` returns what pdfplumber 0.11's
``table.intersections_to_cells(intersections)`` returns, in the same order: for each
intersection (sorted), the smallest cell it is the top-left corner of, trying the points below it
and then right of it in sorted order. pdfplumber builds the sets of edges touching both points
for every pair it tests and scans all later points for those below and right; here each point's
edge sets and its column and row neighbours are built once. ``TableFinder`` is pdfplumber's with
this cell step.
"""

from __future__ import annotations

from .._vendor.pdfplumber_tables.table import Table, TableSettings, cells_to_tables, edges_to_intersections
from .._vendor.pdfplumber_tables.table import TableFinder as PlumberFinder
from .._vendor.pdfplumber_tables.utils import obj_to_bbox

Point = tuple[float, float]
BBox = tuple[float, float, float, float]


def cells_of(intersections: dict[Point, dict[str, list[dict]]]) -> list[BBox]:
    """The cells the ``intersections`` ((x, top) → {"v": edges, "h": edges}) describe (see module doc)."""
    points = sorted(intersections)
    vertical = {p: {obj_to_bbox(e) for e in intersections[p]["v"]} for p in points}
    horizontal = {p: {obj_to_bbox(e) for e in intersections[p]["h"]} for p in points}
    column: dict[float, list[Point]] = {}  # x → points on it, sorted
    row: dict[float, list[Point]] = {}  # top → points on it, sorted
    for point in points:
        column.setdefault(point[0], []).append(point)
        row.setdefault(point[1], []).append(point)
    place_in_column = {p: i for line in column.values() for i, p in enumerate(line)}
    place_in_row = {p: i for line in row.values() for i, p in enumerate(line)}

    def connects(p1: Point, p2: Point) -> bool:
        """pdfplumber's ``edge_connects``: an edge touches both points."""
        if p1[0] == p2[0] and not vertical[p1].isdisjoint(vertical[p2]):
            return True
        return p1[1] == p2[1] and not horizontal[p1].isdisjoint(horizontal[p2])

    cells: list[BBox] = []
    for point in points:
        below = column[point[0]][place_in_column[point] + 1:]
        right = row[point[1]][place_in_row[point] + 1:]
        cell = _smallest_cell(point, below, right, intersections, connects)
        if cell:
            cells.append(cell)
    return cells


def _smallest_cell(point: Point, below: list[Point], right: list[Point], intersections, connects) -> BBox | None:
    for below_point in below:
        if not connects(point, below_point):
            continue
        for right_point in right:
            if not connects(point, right_point):
                continue
            corner = (right_point[0], below_point[1])
            if corner in intersections and connects(corner, right_point) and connects(corner, below_point):
                return (point[0], point[1], corner[0], corner[1])
    return None


class TableFinder(PlumberFinder):
    """pdfplumber's ``TableFinder`` (0.11) with ``cells_of`` for its cell step."""

    def __init__(self, page, settings=None) -> None:
        self.page = page
        self.settings = TableSettings.resolve(settings)
        self.edges = self.get_edges()
        self.intersections = edges_to_intersections(
            self.edges, self.settings.intersection_x_tolerance, self.settings.intersection_y_tolerance)
        self.cells = cells_of(self.intersections)
        self.tables = [Table(self.page, group) for group in cells_to_tables(self.cells)]
