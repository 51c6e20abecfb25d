"""How agency names are normalised so one agency spelled differently across years is one series.

Used by ``govdisclose.panel``. Two steps:

1. :data:`REWRITES` (applied in order, ``regex.sub``) turn a printed name into a normal spelling:
   no spaces, ASCII brackets made Chinese, common abbreviations spelled out
   (``洪泽区政府`` → ``洪泽区人民政府``, ``管委会`` → ``管理委员会``).
2. Series matching: a name is split into leading place prefixes (each ending in one of
   :data:`PLACE_SUFFIXES`, e.g. ``江苏省`` ``淮安市``) and its *core* (``洪泽区人民政府``). The core
   keeps at least one place unit before the organ words, so ``淮安市人民政府`` keeps ``淮安市``.
   Names with the same core form one series when every name of the group is a suffix of the
   longest one (``洪泽区人民政府`` and ``淮安市洪泽区人民政府``); the series is named by the longest
   spelling (see :data:`BARE_PLACE_JOINS` for a bare place name). When the longer spellings
   disagree (``云溪市东湖区…`` vs ``南屏市东湖区…``), each long name is its own series and a short
   name matching several of them stays on its own.
"""

from __future__ import annotations

# (pattern, replacement), in order.
REWRITES: tuple[tuple[str, str], ...] = (
    (r"\s+", ""),
    (r"\(", "（"),
    (r"\)", "）"),
    (r"管委会", "管理委员会"),
    # 区政府 / 县政府 / 市政府 / 镇政府 / 乡政府 → …人民政府 (not 人民政府 already)
    (r"(?<=[区县市镇乡旗])(?<!人民)政府(?=$|办公室|办公厅)", "人民政府"),
)

# A bare place name (from a title like 临川区政府信息公开工作年度报告) joins the series of the
# place's government, ``<place>`` + this, when the panel holds one; otherwise it stays as printed
# (平潭综合实验区 is run by a 管理委员会: nothing is appended to a name).
BARE_PLACE_JOINS = "人民政府"


# Suffixes that end a place prefix, longest first.
PLACE_SUFFIXES: tuple[str, ...] = (
    "特别行政区", "自治区", "自治州", "自治县", "自治旗", "综合实验区", "新区", "地区",
    "省", "市", "盟", "州", "区", "县", "旗", "镇", "乡", "街道",
)

# Words that start the organ part of a name: a prefix never swallows these.
ORGAN_WORDS: tuple[str, ...] = ("人民政府", "政府", "办公室", "办公厅", "管理委员会")
