"""Broken and hostile inputs, built by the tests at run time (nothing binary is committed).

Each builder writes one file into ``folder`` and returns its path. They start from the
generated fixtures (``fixtures/generated``) or draw with reportlab (the fixtures extra), zipfile
and ``random`` with fixed seeds, so every run gets the same bytes. All are cheap: the 2,000-page
PDF has blank pages and the zip bomb is one member of zeros, each built in well under a second.
"""

from __future__ import annotations

import random
import sys
import zipfile
import zlib
from pathlib import Path

from .conftest import FIXTURES, fixture_module

GOOD_PDF = FIXTURES / "t2021_basic.pdf"
GOOD_TRUTH = FIXTURES / "t2021_basic.truth.json"
FONT = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")

# Simplified → traditional for every simplified character of t2021_basic that has a distinct
# traditional form (OpenCC s2t, character by character; 台 and 秘 kept, both are also traditional).
SIMPLIFIED = (
    "万与专业严个丰为举书于云众优会体关内决况准则别办务动区华单厅压发号后国图坚处复够头实审对将尽属"
    "广库应废开强归当录态总户执护报据数无时机权条构标栏档检沟没济点环现电畅监础确称稳简类紧纠级纳组"
    "细织经结统继绩续维编缴网罚职联节范获补见规视计认训议许讼设访诉话询请读调财责质费资转载过运还这"
    "进邮针门问阅队项预领频题额馈"
)
TRADITIONAL = (
    "萬與專業嚴個豐為舉書於雲眾優會體關內決況準則別辦務動區華單廳壓發號後國圖堅處復夠頭實審對將盡屬"
    "廣庫應廢開強歸當錄態總戶執護報據數無時機權條構標欄檔檢溝沒濟點環現電暢監礎確稱穩簡類緊糾級納組"
    "細織經結統繼績續維編繳網罰職聯節範獲補見規視計認訓議許訟設訪訴話詢請讀調財責質費資轉載過運還這"
    "進郵針門問閱隊項預領頻題額饋"
)
TO_TRADITIONAL = str.maketrans(SIMPLIFIED, TRADITIONAL)

ERROR_PAGE = (
    "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>404 页面不存在</title></head>\n"
    "<body><div class=\"error\"><h1>404</h1><p>抱歉，您访问的页面不存在或已被删除。</p>\n"
    "<p><a href=\"/\">返回首页</a> | <a href=\"/xxgk/\">政府信息公开</a></p></div></body></html>\n"
)



# --------------------------------------------------------------------------- plain byte damage

def zero_byte(folder: Path, name: str = "empty.pdf") -> Path:
    path = folder / name
    path.write_bytes(b"")
    return path


def truncated_pdf(folder: Path, share: float = 0.6) -> Path:
    """The good fixture cut after ``share`` of its bytes (a broken download)."""
    data = GOOD_PDF.read_bytes()
    path = folder / "truncated.pdf"
    path.write_bytes(data[: int(len(data) * share)])
    return path


def random_pdf(folder: Path) -> Path:
    path = folder / "random.pdf"
    path.write_bytes(random.Random(8).randbytes(20_000))
    return path


def broken_xref(folder: Path) -> Path:
    """The good fixture with every xref offset wrong and startxref past the end (same length)."""
    data = bytearray(GOOD_PDF.read_bytes())
    xref = data.rindex(b"\nxref\n") + 1
    start = data.rindex(b"startxref\n") + len(b"startxref\n")
    entries = data.index(b"\n", data.index(b"\n", xref) + 1) + 1  # after "xref" and "0 N"
    trailer = data.index(b"trailer", xref)
    seeded = random.Random(9)
    count = (trailer - entries) // 20  # each entry is 20 bytes: "oooooooooo ggggg n \n"
    data[entries: trailer] = b"".join(b"%010d 00000 n \n" % seeded.randrange(len(data)) for _ in range(count))
    end = data.index(b"\n", start)
    data[start:end] = b"9" * (end - start)  # an offset past the end of the file
    path = folder / "broken_xref.pdf"
    path.write_bytes(bytes(data))
    return path


def html_error_page(folder: Path) -> Path:
    path = folder / "404.html"
    path.write_text(ERROR_PAGE, encoding="utf-8")
    return path


def html_error_page_as_pdf(folder: Path) -> Path:
    """What a crawler saves when the server answers a PDF link with its error page."""
    path = folder / "report_download.pdf"
    path.write_text(ERROR_PAGE, encoding="utf-8")
    return path


def entity_bomb(folder: Path) -> Path:
    """Billion laughs in the DOCTYPE of an HTML page (10 levels of 10 → 10^10 'lol's)."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    page = (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html [\n' + "\n".join(entities) + "\n]>\n"
        "<html><head><title>&lol9;</title></head><body><p>&lol9;</p><p>&lol9;&lol9;</p></body></html>\n"
    )
    path = folder / "entity_bomb.html"
    path.write_text(page, encoding="utf-8")
    return path


def external_entity(folder: Path) -> Path:
    """An XXE attempt: an entity naming a local file must not be read into the page."""
    page = (
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html [\n'
        '<!ENTITY secret SYSTEM "file:///etc/passwd">\n]>\n'
        "<html><head><title>通知</title></head><body><p>&secret;</p></body></html>\n"
    )
    path = folder / "external_entity.html"
    path.write_text(page, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- PDFs drawn with reportlab

def _canvas(path: Path, **options):
    from reportlab.pdfgen import canvas

    return canvas.Canvas(str(path), invariant=1, **options)


def pages_2000(folder: Path, count: int = 2000) -> Path:
    """A PDF of ``count`` blank A4 pages (each would go to OCR: no text layer)."""
    path = folder / "pages_2000.pdf"
    document = _canvas(path)
    for _ in range(count):
        document.showPage()
    document.save()
    return path


def _render_fixture(path: Path, name: str = "t2021_basic", translate=None, encrypt=None) -> None:
    """Render a generated fixture again, its text mapped by ``translate``, optionally encrypted."""
    generate = fixture_module("generate")
    pdf_layout = sys.modules["pdf_layout"]
    built = generate.build(next(f for f in generate.FIXTURES if f.name == name))
    info = generate.DocInfo(title=built.text.title, author=generate.AGENCIES[built.fixture.agency].office)
    decorations = generate.decorations(built.text, built.options)
    if translate is not None:
        for page in built.layout.pages:
            page.ops[:] = [_translated_op(op, translate) for op in page.ops]
        info.title = info.title.translate(translate)
        if decorations.running_header:
            decorations.running_header = decorations.running_header.translate(translate)
    original = pdf_layout.rl_canvas.Canvas
    if encrypt is not None:
        pdf_layout.rl_canvas.Canvas = lambda *args, **kwargs: original(*args, encrypt=encrypt, **kwargs)
    try:
        pdf_layout.render(built.layout, str(path), info, decorations)
    finally:
        pdf_layout.rl_canvas.Canvas = original


def _translated_op(op: tuple, table) -> tuple:
    kind = op[0]
    if kind in ("text", "text_c"):
        return (*op[:3], op[3].translate(table), *op[4:])
    if kind == "text_spread":
        return (*op[:3], [token.translate(table) for token in op[3]], *op[4:])
    return op


def encrypted_with_user_password(folder: Path) -> Path:
    from reportlab.lib import pdfencrypt

    path = folder / "locked_user.pdf"
    _render_fixture(path, encrypt=pdfencrypt.StandardEncryption("secret", "owner", strength=128))
    return path


def encrypted_owner_only(folder: Path) -> Path:
    """Encrypted with an empty user password: any reader opens it (printing/copy flags only)."""
    from reportlab.lib import pdfencrypt

    path = folder / "locked_owner.pdf"
    _render_fixture(path, encrypt=pdfencrypt.StandardEncryption("", "owner", canCopy=0, strength=128))
    return path


def traditional_report(folder: Path) -> Path:
    """t2021_basic with every character in its traditional form (a Hong Kong / Taiwan style export)."""
    path = folder / "traditional.pdf"
    _render_fixture(path, translate=TO_TRADITIONAL)
    return path


def _draw_lines(path: Path, pages: list[list[str]], table: list[list[str]] | None = None) -> None:
    """Lines of Chinese text top-down on A4 pages; ``table`` ruled on the last page below them."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "WQYZenHei" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("WQYZenHei", str(FONT), subfontIndex=0))
    document = _canvas(path)
    for number, lines in enumerate(pages, start=1):
        y = 780.0
        for line in lines:
            document.setFont("WQYZenHei", 16 if y == 780.0 else 12)
            document.drawString(72, y, line)
            y -= 24
        if table and number == len(pages):
            widths = [170, 90, 90, 90]
            for row in table:
                x = 72.0
                for width, text in zip(widths, row, strict=True):
                    document.rect(x, y - 6, width, 22)
                    document.setFont("WQYZenHei", 10.5)
                    document.drawString(x + 4, y, text)
                    x += width
                y -= 22
        document.showPage()
    document.save()


def budget_pdf(folder: Path) -> Path:
    """A 部门预算 (department budget): numbered headings, a ruled table of numbers, no report."""
    path = folder / "budget.pdf"
    _draw_lines(path, [
        ["云溪市财政局2024年部门预算", "第一部分 部门概况", "一、部门主要职责",
         "负责全市财政收支、财税政策的拟订和执行，管理市级财政收支。",
         "二、部门预算单位构成", "本部门预算包括局机关本级预算和所属2个事业单位预算。",
         "第二部分 2024年部门预算表", "三、收支预算总体情况",
         "2024年收入预算总计3256.41万元，支出预算总计3256.41万元。"],
        ["四、一般公共预算支出情况", "五、政府性基金预算支出情况", "本部门无政府性基金预算支出。",
         "六、三公经费支出情况", "单位：万元"],
    ], table=[["项目", "2023年预算", "2024年预算", "增减"],
              ["一般公共服务支出", "2841.20", "3012.55", "171.35"],
              ["社会保障和就业支出", "198.02", "201.36", "3.34"],
              ["住房保障支出", "40.00", "42.50", "2.50"],
              ["合计", "3079.22", "3256.41", "177.19"]])
    return path


def notice_pdf(folder: Path) -> Path:
    """A 通知 about writing the annual reports: it names them, but is not one."""
    path = folder / "notice.pdf"
    _draw_lines(path, [[
        "云溪市人民政府办公室关于做好2024年政府信息公开工作年度报告编制发布工作的通知",
        "各县（区）人民政府，市政府各部门：",
        "根据《中华人民共和国政府信息公开条例》规定，现就有关事项通知如下。",
        "一、高度重视年度报告编制工作。各单位要按照统一格式编制年度报告。",
        "二、严格把握发布时限。年度报告应于2025年1月31日前向社会公布。",
        "三、认真做好报送工作。请于2025年2月10日前报送市政府办公室。",
        "云溪市人民政府办公室", "2025年1月6日",
    ]])
    return path


# --------------------------------------------------------------------------- image bombs (raw PDF)

def raw_pdf(objects: list[bytes]) -> bytes:
    """A PDF from numbered object bodies (1 = catalog), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<< " + dictionary + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def huge_page(folder: Path) -> Path:
    """A scan: one page of 14,400 × 14,400 pt (the PDF maximum) covered by a 16 × 16 px image."""
    content = b"q 14400 0 0 14400 0 0 cm /Im1 Do Q"
    path = folder / "huge_page.pdf"
    path.write_bytes(raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 14400 14400] /Contents 4 0 R"
        b" /Resources << /XObject << /Im1 5 0 R >> >> >>",
        _stream(b"", content),
        _stream(b"/Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceGray"
                b" /BitsPerComponent 8", bytes(range(0, 256))),
    ]))
    return path


def huge_image(folder: Path, side: int = 60_000) -> Path:
    """An A4 page covered by an image declaring ``side`` × ``side`` grey pixels (data: a few bytes)."""
    content = b"q 595 0 0 842 0 0 cm /Im1 Do Q"
    pixels = zlib.compress(b"\x00" * 4096)
    path = folder / "huge_image.pdf"
    path.write_bytes(raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /XObject << /Im1 5 0 R >> >> >>",
        _stream(b"", content),
        _stream(b"/Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray"
                b" /BitsPerComponent 8 /Filter /FlateDecode" % (side, side), pixels),
    ]))
    return path


# --------------------------------------------------------------------------- archives (convert)

ZIP_BOMB_MEMBER_BYTES = 64 * 2**20  # zeros: about 230:1 at level 1, over the 100:1 limit


def zip_bomb(folder: Path) -> Path:
    """A zip whose one member, named like a report, inflates 64 MiB of zeros from about 290 KB."""
    path = folder / "bomb.zip"
    chunk = b"\x00" * 2**20
    with (zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
          archive.open("annual_report.pdf", "w", force_zip64=True) as member):
        for _ in range(ZIP_BOMB_MEMBER_BYTES // len(chunk)):
            member.write(chunk)
    return path


def lying_zip(folder: Path) -> Path:
    """A member of 4 MiB of zeros whose headers declare 4,000 bytes (under every size check)."""
    path = folder / "lying.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("small.pdf", b"\x00" * (4 * 2**20))
    data = bytearray(path.read_bytes())
    declared = (4000).to_bytes(4, "little")
    data[22:26] = declared  # local file header: uncompressed size
    central = data.index(b"PK\x01\x02")
    data[central + 24: central + 28] = declared  # central directory: uncompressed size
    path.write_bytes(bytes(data))
    return path


def traversal_zip(folder: Path) -> Path:
    """``../`` and absolute-path entries next to a good member (t2021_all_zero.pdf)."""
    path = folder / "traversal.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("../escaped.pdf", GOOD_PDF.read_bytes())
        archive.writestr("reports/../../up.pdf", b"must never be written")
        archive.writestr("/tmp/govdisclose_absolute.pdf", b"must never be written")
        archive.write(FIXTURES / "t2021_all_zero.pdf", "reports/t2021_all_zero.pdf")
    return path


# Every file builder, by the name the tests use; archives are for convert only.
FILE_BUILDERS = {
    "zero_byte.pdf": lambda folder: zero_byte(folder, "empty.pdf"),
    "zero_byte.html": lambda folder: zero_byte(folder, "empty.html"),
    "zero_byte.txt": lambda folder: zero_byte(folder, "empty.txt"),
    "zero_byte": lambda folder: zero_byte(folder, "empty"),
    "truncated": truncated_pdf,
    "random": random_pdf,
    "broken_xref": broken_xref,
    "encrypted_user": encrypted_with_user_password,
    "encrypted_owner": encrypted_owner_only,
    "pages_2000": pages_2000,
    "huge_page": huge_page,
    "huge_image": huge_image,
    "entity_bomb": entity_bomb,
    "external_entity": external_entity,
    "error_page": html_error_page,
    "error_page_as_pdf": html_error_page_as_pdf,
    "budget": budget_pdf,
    "notice": notice_pdf,
    "traditional": traditional_report,
}
ARCHIVE_BUILDERS = {"zip_bomb": zip_bomb, "lying_zip": lying_zip, "traversal_zip": traversal_zip}
