#!/usr/bin/env python3
"""Writes server/tests/fixtures/members.xlsx: a minimal real workbook (Office Open XML) with a
members sheet, using only the standard library. Phone numbers are stored as numbers, as they are
when someone types them into Excel."""
import sys
import zipfile

ROWS = [
    ["姓名", "界别", "级别", "手机", "公开联系方式", "专长", "职务"],
    ["马晓燕", "教育", "区", 13833330001, "是", "教育、心理", "委员"],
    ["杨建国", "经济", "市政协委员", 13833330002, "否", "", ""],
    ["苏丽", "中共", "", "", "", "调解", "委员"],
]


def col(i):
    return chr(ord("A") + i)


def cell(ref, value):
    if isinstance(value, int):
        return f'<c r="{ref}"><v>{value}</v></c>'
    if value == "":
        return ""
    text = value.replace("&", "&amp;").replace("<", "&lt;")
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def sheet_xml():
    rows = []
    for r, row in enumerate(ROWS, start=1):
        cells = "".join(cell(f"{col(c)}{r}", v) for c, v in enumerate(row))
        rows.append(f'<row r="{r}">{cells}</row>')
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<sheetData>{"".join(rows)}</sheetData></worksheet>'
    )


FILES = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>",
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>",
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="委员名单" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>",
    "xl/worksheets/sheet1.xml": sheet_xml(),
}

out = sys.argv[1] if len(sys.argv) > 1 else "server/tests/fixtures/members.xlsx"
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for name, content in FILES.items():
        z.writestr(name, content)
print(out)
