"""Table 二 (主动公开政府信息情况): rows, columns and labels of both template eras."""

from __future__ import annotations

# row key -> printed labels (first is official); matched after label_key normalisation.
ROWS: dict[str, tuple[str, ...]] = {
    "rules": ("规章",),
    "normative_documents": ("行政规范性文件", "规范性文件"),
    "licensing": ("行政许可",),
    "other_services": ("其他对外管理服务事项",),
    "penalty": ("行政处罚",),
    "coercion": ("行政强制",),
    "fees": ("行政事业性收费",),
    "procurement": ("政府集中采购",),
}

# column key -> printed header labels, per template era.
COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "2021": {
        "issued": ("本年制发件数",),
        "repealed": ("本年废止件数",),
        "in_force": ("现行有效件数",),
        "decisions": ("本年处理决定数量", "处理决定数量"),
        "amount_10k_yuan": ("本年收费金额（单位：万元）", "本年收费金额", "收费金额"),
    },
    "2019": {
        "new_made": ("本年新制作数量",),
        "new_published": ("本年新公开数量",),
        "published_total": ("对外公开总数量",),
        "items_last_year": ("上一年项目数量",),
        "items_change": ("本年增/减", "本年增减"),
        "decisions": ("处理决定数量", "本年处理决定数量"),
        "projects": ("采购项目数量",),
        "amount": ("采购总金额",),
    },
}

# The columns each row has, in printed order, when no header can be read.
ROW_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "2021": {
        "rules": ("issued", "repealed", "in_force"),
        "normative_documents": ("issued", "repealed", "in_force"),
        "licensing": ("decisions",),
        "penalty": ("decisions",),
        "coercion": ("decisions",),
        "fees": ("amount_10k_yuan",),
    },
    "2019": {
        "rules": ("new_made", "new_published", "published_total"),
        "normative_documents": ("new_made", "new_published", "published_total"),
        "licensing": ("items_last_year", "items_change", "decisions"),
        "other_services": ("items_last_year", "items_change", "decisions"),
        "penalty": ("items_last_year", "items_change", "decisions"),
        "coercion": ("items_last_year", "items_change", "decisions"),
        "fees": ("items_last_year", "items_change"),
        "procurement": ("projects", "amount"),
    },
}

# Columns that hold money, and the unit their header implies when the cell prints none.
MONEY_COLUMNS: dict[str, str | None] = {"amount_10k_yuan": "10k_yuan", "amount": None}
