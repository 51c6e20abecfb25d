"""Fixed phrases every report carries, removed before narrative similarity is measured.

A report's prose is split into sentences (at 。！？； and line breaks). A sentence matching one of
:data:`BOILERPLATE` (``regex.search`` on the sentence after NFKC and with whitespace removed) is
dropped before the year-over-year similarity is computed, so only the agency's own words count.
Digits are masked (:data:`NUMBER`) so a sentence copied with this year's numbers still counts as
copied.
"""

from __future__ import annotations

# Sentence-level patterns of fixed text (the template's wording, the standard introduction).
BOILERPLATE: tuple[str, ...] = (
    r"^本报告(是|由).{0,60}(编制|制作|形成)",
    r"根据《中华人民共和国政府信息公开条例》.{0,80}(编制|制作|要求)",
    r"全文(包括|由).{0,80}(部分|组成)",
    r"本报告(中)?所列数据的?统计期限",
    r"本报告(的)?电子版",
    r"如对本报告有(任何)?疑问",
    r"^(联系)?(地址|邮编|电话|传真|邮箱)[:：]",
    r"^(本年度|本年|报告期内)?(无|没有)其他需要报告的事项$",
    r"(未|没有)收取.{0,12}(信息处理费|费用)$",
    r"政府信息公开信息处理费管理办法",
    # Table captions of the template that end up in the prose: 第二十条第（一）项
    r"^第二十条第[（(][一二三四五六七八九十]+[)）]项$",
    # A sub-item title printed as its own sentence: （一）主动公开情况
    r"^[（(][一二三四五六七八九十][）)].{0,20}(情况|工作)$",
)

# Number runs, masked to one placeholder before sentences are compared.
NUMBER = r"\d+(?:[.,]\d+)*"
NUMBER_MASK = "#"

# Where sentences end.
SENTENCE_END = r"[。！？；\n]+"

# A prose copy: the whole narrative at least this similar to last year's (rule X-3, info).
COPY_THRESHOLD = 0.85
