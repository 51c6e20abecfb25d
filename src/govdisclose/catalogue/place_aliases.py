"""Place names the division dataset does not know, as data: special zones and renamed agencies.

Each alias is a name as reports print it and the division it stands for, written as the
division's full name path (province, prefecture, county) with its 6-digit code. ``places``
replaces the alias by the path before looking it up, and accepts the result only when the
dataset gives that code for the report's year; otherwise the place is null with a finding.

Users extend the table with a CSV of the same columns (``alias,division,code,note``), e.g. to
code a misprint they have checked by hand (``沐阳县,江苏省宿迁市沭阳县,321322,misprint of 沭阳县``).
"""

from __future__ import annotations

from typing import NamedTuple


class PlaceAlias(NamedTuple):
    alias: str      # as printed, e.g. 平潭综合实验区
    division: str   # full name path of the division it stands for, e.g. 福建省福州市平潭县
    code: str       # that division's 6-digit code
    note: str       # why: the source of the equivalence


ALIASES: tuple[PlaceAlias, ...] = (
    PlaceAlias("平潭综合实验区", "福建省福州市平潭县", "350128",
               "平潭综合实验区 (set up 2009/2010) administers the whole of 平潭县, which keeps its code."),
    PlaceAlias("济源产城融合示范区", "河南省济源市", "419001",
               "济源产城融合示范区 (2019) is the former 济源市 area; the division keeps the code of 济源市."),
    PlaceAlias("济源示范区", "河南省济源市", "419001", "Short name of 济源产城融合示范区."),
)
