"""Group labels printed on the line of their first sub-row (issue 15, class 4).

The text PDF ``t2021_group_label_first_row`` is asserted cell by cell by test_fixtures; here the
same table as OCR read its 200 dpi scan (texts recorded from RapidOCR's column grid), where
``（六）其他处理`` stands beside the wrapped tail of ``1.申请人无正当理由逾期不补``.
"""

from __future__ import annotations

from govdisclose.document import Grid, Span
from govdisclose.mapping.requests import map_requests
from govdisclose.mapping.rows import rows_of_grid

HEADER = ["(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)", "自然人", "商业企业",
          "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
OCR_ROWS = [  # the scan's table 三 from 5. of （五） on, as the OCR column grid gave it
    ["5.要求行政机关确认或重新出具已获取信息", "1", "0", "0", "0", "0", "0", "1"],
    ["1.申请人无正当理由逾期不补"],
    ["(六)其他处理正、行政机关不再处理其政府信息公开申请", "6", "0", "0", "0", "0", "0", "6"],
    ["息公开申请"],
    ["2.申请人逾期未按收费通知要求"],
    ["2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", *"0000000"],
    ["政府信息公开申请"],
    ["3. 其他", "8", "1", "0", "0", "0", "0", "9"],
    ["(七) 总计", "238", "11", "0", "0", "7", "3", "259"],
]


def _grid(rows: list[list[str]]) -> Grid:
    width = len(HEADER)
    return Grid([[Span(text) for text in row] + [None] * (width - len(row)) for row in [HEADER, *rows]])


def test_group_label_beside_the_tail_of_its_first_sub_row_in_an_ocr_grid():
    table, findings, _ = map_requests(rows_of_grid(_grid(OCR_ROWS), 0))
    assert [c.value for c in table.rows["other.no_correction"].values()] == [6, 0, 0, 0, 0, 0, 6]
    assert table.row_labels["other.no_correction"] == (
        "（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请")
    assert [c.value for c in table.rows["other.fee_unpaid"].values()] == [0] * 7
    assert [c.value for c in table.rows["other.other"].values()] == [8, 1, 0, 0, 0, 0, 9]
    assert "other" not in table.rows
    assert [f.rule for f in findings] == []


def test_a_group_label_beside_its_own_first_item_is_left_alone():
    rows = [["(三)不予公开 1.属于国家秘密", "0", "0", "0", "0", "0", "0", "0"],
            ["2.其他法律行政法规禁止公开", "2", "0", "0", "0", "0", "0", "2"]]
    table, findings, _ = map_requests(rows_of_grid(_grid(rows), 0))
    assert list(table.rows) == ["withheld.state_secret", "withheld.prohibited_by_law"]
    assert findings == []
