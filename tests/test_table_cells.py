"""``sources.table_cells.cells_of`` finds pdfplumber's cells, in pdfplumber's order."""

import random

from pdfplumber.table import edges_to_intersections, intersections_to_cells

from govdisclose.sources.table_cells import cells_of


def _line(x0, top, x1, bottom):
    return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "width": x1 - x0, "height": bottom - top,
            "orientation": "v" if x0 == x1 else "h", "object_type": "line"}


def test_a_two_by_two_grid_has_four_cells():
    edges = [_line(x, 0, x, 20) for x in (0, 10, 20)] + [_line(0, y, 20, y) for y in (0, 10, 20)]
    assert cells_of(edges_to_intersections(edges, 3, 3)) == [
        (0, 0, 10, 10), (0, 10, 10, 20), (10, 0, 20, 10), (10, 10, 20, 20)]


def test_same_cells_as_pdfplumber_on_random_rulings():
    rnd = random.Random(7)
    for _ in range(500):
        edges = []
        for _ in range(rnd.randint(0, 8)):
            x, top = rnd.choice([0, 10, 20, 30]), rnd.choice([0, 10, 20])
            edges.append(_line(x, top, x, top + rnd.choice([10, 20])))
        for _ in range(rnd.randint(0, 8)):
            y, left = rnd.choice([0, 10, 20, 30]), rnd.choice([0, 10, 20])
            edges.append(_line(left, y, left + rnd.choice([10, 20]), y))
        intersections = edges_to_intersections(edges, 3, 3)
        assert cells_of(intersections) == intersections_to_cells(intersections), edges
