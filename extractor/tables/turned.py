"""Pages whose text runs up or down the sheet (a wide table set sideways without a /Rotate
entry): read them turned so that the text is upright, then map the boxes found back.

Most of the page's characters must be non-upright. Their text matrix tells the way the text
runs: down the page ("ttb", the table turned clockwise; read it by turning the page
anticlockwise) or up the page ("btt", turned anticlockwise).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pdfplumber.page import DerivedPage, Page

from ..records import BBox

#: Share of the page's characters that must be non-upright for the page to be read turned.
MIN_TURNED_SHARE = 0.5

Obj = dict[str, Any]
Point = Callable[[float, float], tuple[float, float]]


def text_direction(chars: list[Obj]) -> str | None:
    """ "ttb" or "btt" when most characters run down or up the page, else None."""
    shown = [c for c in chars if str(c.get("text", "")).strip()]
    turned = [c for c in shown if not c.get("upright", True)]
    if not shown or len(turned) < MIN_TURNED_SHARE * len(shown):
        return None
    down = sum(1 for c in turned if c.get("matrix") and c["matrix"][1] < 0)
    return "ttb" if 2 * down >= len(turned) else "btt"


class TurnedPage(DerivedPage):
    """``parent`` turned a quarter so that text running ``direction`` reads left to right."""

    def __init__(self, parent: Page, direction: str):
        if direction not in ("ttb", "btt"):
            raise ValueError(f"direction must be 'ttb' or 'btt', not {direction!r}")
        self.direction = direction
        bx0, by0, bx1, by1 = (float(v) for v in parent.bbox)
        self.origin = (bx0, by0, bx1, by1)
        self.bbox = (0.0, 0.0, by1 - by0, bx1 - bx0)
        super().__init__(parent)

    def point(self, x: float, y: float) -> tuple[float, float]:
        bx0, by0, bx1, by1 = self.origin
        return (y - by0, bx1 - x) if self.direction == "ttb" else (by1 - y, x - bx0)

    def box(self, b: BBox) -> BBox:
        """A box of the parent page in this page's coordinates."""
        return _box(self.point, b)

    def box_back(self, b: BBox) -> BBox:
        """A box of this page in the parent page's coordinates."""
        bx0, by0, bx1, by1 = self.origin

        def back(x: float, y: float) -> tuple[float, float]:
            return (bx1 - y, x + by0) if self.direction == "ttb" else (y + bx0, by1 - x)

        return _box(back, b)

    @property
    def objects(self) -> dict[str, list[Obj]]:
        if hasattr(self, "_objects"):
            return self._objects
        self._objects: dict[str, list[Obj]] = {
            k: [self._turn(o) for o in v] for k, v in self.parent_page.objects.items()
        }
        return self._objects

    def _turn(self, o: Obj) -> Obj:
        x0, top, x1, bottom = _box(self.point, (o["x0"], o["top"], o["x1"], o["bottom"]))
        height = float(self.bbox[3])
        new = {
            **o,
            "x0": x0,
            "x1": x1,
            "top": top,
            "bottom": bottom,
            "doctop": top,
            "y0": height - bottom,
            "y1": height - top,
            "width": x1 - x0,
            "height": bottom - top,
        }
        if "upright" in o:  # a character: its size is its extent across the line it is on
            new["upright"] = not o["upright"]
            new["size"] = bottom - top if new["upright"] else x1 - x0
        if o.get("pts"):
            new["pts"] = [self.point(float(px), float(py)) for px, py in o["pts"]]
        return new


def _box(f: Point, b: BBox) -> BBox:
    (ax, ay), (bx, by) = f(b[0], b[1]), f(b[2], b[3])
    return (min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))
