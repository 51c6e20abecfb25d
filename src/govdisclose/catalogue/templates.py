"""Labels that tell the 2019 template (国办公开办函〔2019〕60号) from the 2021 one (〔2021〕30号).

Detection counts which era's distinctive labels the document prints; the year is not used
(some 2021 reports cite 60号, some late reports reuse old wording).
"""

from __future__ import annotations

MARKERS: dict[str, tuple[str, ...]] = {
    "2021": (
        "本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额",
        "申请人无正当理由逾期不补正", "申请人逾期未按收费通知要求缴纳费用",
    ),
    "2019": (
        "本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增减",
        "第二十条第九项", "采购项目数量", "采购总金额", "其他对外管理服务事项",
    ),
}
