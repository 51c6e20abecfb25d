"""The contact a report prints: ``地址：平潭综合实验区北厝镇…；邮编：350400``.

``find_contact(document)`` returns the addresses and postcodes printed anywhere in the text lines
(introduction or closing lines), each once, in document order. They are evidence for coding the
agency's place (``places``); nothing else reads them.
"""

from __future__ import annotations

import regex

from ..document import Document

ADDRESS = regex.compile(r"(?:通讯|通信|联系|办公|单位)?地址[：:]\s*(?P<address>[^；;，,。）)\n]{4,60})")
POSTCODE = regex.compile(r"(?:邮编|邮政编码)[：:]?\s*(?P<postcode>\d{6})(?!\d)")
_INLINE_SPACE = regex.compile(r"[ \t\u3000]+")


def find_contact(document: Document) -> tuple[list[str], list[str]]:
    """(addresses, postcodes) printed in ``document``'s text lines."""
    return contact_in("\n".join(line.text for line in document.lines()))


def contact_in(text: str) -> tuple[list[str], list[str]]:
    """(addresses, postcodes) printed in ``text``, spaces inside a line removed, each once."""
    squeezed = _INLINE_SPACE.sub("", text)
    addresses = list(dict.fromkeys(m.group("address") for m in ADDRESS.finditer(squeezed)))
    postcodes = list(dict.fromkeys(m.group("postcode") for m in POSTCODE.finditer(squeezed)))
    return addresses, postcodes
