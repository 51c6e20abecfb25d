"""The six section headings of the 2019/2021 templates and the variants seen in the wild."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SectionSpec:
    number: int
    marker: str  # the Chinese numeral that opens the heading: 一 … 六
    canonical: str
    # Phrases (compared after label_key normalisation) that identify the heading's text.
    variants: tuple[str, ...]


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec(1, "一", "一、总体情况", (
        "总体情况", "本年度政府信息公开工作的总体情况", "政府信息公开总体情况",
        "政府信息公开工作总体情况", "年政府信息公开总体情况", "概述",
    )),
    SectionSpec(2, "二", "二、主动公开政府信息情况", (
        "主动公开政府信息情况", "行政机关主动公开政府信息情况", "主动公开政府信息",
    )),
    SectionSpec(3, "三", "三、收到和处理政府信息公开申请情况", (
        "收到和处理政府信息公开申请情况", "行政机关收到和处理政府信息公开申请情况",
        "收到和处理政府信息公开申请",
    )),
    SectionSpec(4, "四", "四、政府信息公开行政复议、行政诉讼情况", (
        "政府信息公开行政复议行政诉讼情况", "因政府信息公开工作被申请行政复议提起行政诉讼情况",
        "政府信息公开行政复议及行政诉讼情况", "因政府信息公开工作被申请行政复议或提起行政诉讼情况",
        "政府信息公开行政复议或行政诉讼情况", "行政复议行政诉讼情况",
    )),
    SectionSpec(5, "五", "五、存在的主要问题及改进情况", (
        "存在的主要问题及改进情况", "政府信息公开工作存在的主要问题及改进情况", "存在问题及改进情况",
        "存在的主要问题和改进情况", "存在主要问题及改进措施", "存在的主要问题及改进措施",
        "政府信息公开工作存在主要问题及改进措施", "存在的主要问题和改进措施", "主要问题及改进情况",
    )),
    SectionSpec(6, "六", "六、其他需要报告的事项", (
        "其他需要报告的事项", "其他需要报告事项", "其他需要说明的事项",
    )),
)
