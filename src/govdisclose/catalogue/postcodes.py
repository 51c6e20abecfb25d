"""Postcodes (邮政编码) → province, for checking a report's own address against its name.

The first two digits of a mainland postcode name a postal province; a few areas post through a
neighbour's prefix (兴安盟 137xxx, 阿拉善 750xxx), listed by three digits in :data:`EXCEPTIONS`.
Values are province division codes (the first two digits of the 6-digit division code + 0000).
"""

from __future__ import annotations

PROVINCE_NAMES: dict[str, str] = {
    "110000": "北京市", "120000": "天津市", "130000": "河北省", "140000": "山西省", "150000": "内蒙古自治区",
    "210000": "辽宁省", "220000": "吉林省", "230000": "黑龙江省", "310000": "上海市", "320000": "江苏省",
    "330000": "浙江省", "340000": "安徽省", "350000": "福建省", "360000": "江西省", "370000": "山东省",
    "410000": "河南省", "420000": "湖北省", "430000": "湖南省", "440000": "广东省",
    "450000": "广西壮族自治区", "460000": "海南省", "500000": "重庆市", "510000": "四川省",
    "520000": "贵州省", "530000": "云南省", "540000": "西藏自治区", "610000": "陕西省", "620000": "甘肃省",
    "630000": "青海省", "640000": "宁夏回族自治区", "650000": "新疆维吾尔自治区",
}

# Province code → the two-digit postcode prefixes of its post offices.
_RANGES: dict[str, tuple[str, ...]] = {
    "110000": ("10",),                 # 北京
    "120000": ("30",),                 # 天津
    "130000": ("05", "06", "07"),      # 河北
    "140000": ("03", "04"),            # 山西
    "150000": ("01", "02"),            # 内蒙古
    "210000": ("11", "12"),            # 辽宁
    "220000": ("13",),                 # 吉林
    "230000": ("15", "16"),            # 黑龙江
    "310000": ("20",),                 # 上海
    "320000": ("21", "22"),            # 江苏
    "330000": ("31", "32"),            # 浙江
    "340000": ("23", "24"),            # 安徽
    "350000": ("35", "36"),            # 福建
    "360000": ("33", "34"),            # 江西
    "370000": ("25", "26", "27"),      # 山东
    "410000": ("45", "46", "47"),      # 河南
    "420000": ("43", "44"),            # 湖北
    "430000": ("41", "42"),            # 湖南
    "440000": ("51", "52"),            # 广东
    "450000": ("53", "54"),            # 广西
    "460000": ("57",),                 # 海南
    "500000": ("40",),                 # 重庆
    "510000": ("61", "62", "63", "64"),  # 四川
    "520000": ("55", "56"),            # 贵州
    "530000": ("65", "66", "67"),      # 云南
    "540000": ("85", "86"),            # 西藏
    "610000": ("71", "72"),            # 陕西
    "620000": ("73", "74"),            # 甘肃
    "630000": ("81",),                 # 青海
    "640000": ("75",),                 # 宁夏
    "650000": ("83", "84"),            # 新疆
}
PREFIX_PROVINCES: dict[str, tuple[str, ...]] = {
    prefix: (province,) for province, prefixes in _RANGES.items() for prefix in prefixes
}
# Three-digit prefixes shared by two provinces.
EXCEPTIONS: dict[str, tuple[str, ...]] = {
    "137": ("220000", "150000"),   # 白城 (吉林) and 兴安盟 (内蒙古)
    "750": ("640000", "150000"),   # 银川 (宁夏) and 阿拉善盟 (内蒙古)
}


def postcode_provinces(postcode: str) -> tuple[str, ...]:
    """Province codes a 6-digit postcode may belong to; empty when the prefix is unknown."""
    return EXCEPTIONS.get(postcode[:3]) or PREFIX_PROVINCES.get(postcode[:2], ())
