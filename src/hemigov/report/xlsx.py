"""A small, fast writer of XLSX workbooks: sheets of plain values (text and numbers) with a bold first row.

The report's workbook holds one sheet per exhibit (several hundred small sheets); a general writer spends most
of the build's export time on per-cell objects and XML trees. This one writes the Office Open XML parts
directly (inline strings, no shared-string table), with fixed timestamps so that the same tables give the same
bytes. Readers (Excel, LibreOffice, openpyxl) open it as any workbook.
"""

from __future__ import annotations

import math
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

_FIXED = (2020, 1, 1, 0, 0, 0)
_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_CTRL = {c: "" for c in range(32) if c not in (9, 10, 13)}


def _text(v) -> str:
    return escape(str(v).translate(_CTRL))


def _cell(v, bold: bool) -> str:
    s = ' s="1"' if bold else ""
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "<c/>"
    if isinstance(v, bool):
        return f'<c t="b"{s}><v>{int(v)}</v></c>'
    if isinstance(v, int | float):
        if isinstance(v, float) and math.isinf(v):
            return f'<c t="inlineStr"{s}><is><t>{_text(v)}</t></is></c>'
        return f"<c{s}><v>{v!r}</v></c>" if isinstance(v, float) else f"<c{s}><v>{v}</v></c>"
    return f'<c t="inlineStr"{s}><is><t xml:space="preserve">{_text(v)}</t></is></c>'


def sheet_xml(rows: Iterable[Sequence], bold_rows: set[int]) -> str:
    body = "".join(f"<row>{''.join(_cell(v, i in bold_rows) for v in r)}</row>" for i, r in enumerate(rows))
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {_NS}><sheetData>{body}' \
           f"</sheetData></worksheet>"


def write(path: Path, sheets: list[tuple[str, list[Sequence], set[int]]]) -> None:
    """``sheets``: (name, rows, indexes of bold rows). Names must be unique, at most 31 characters."""
    n = len(sheets)
    types = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
                    f'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(1, n + 1))
    parts = {
        "[Content_Types].xml":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.'
            'org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
            'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
            'PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
            'sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
            f'officedocument.spreadsheetml.styles+xml"/>{types}</Types>',
        "_rels/.rels":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            '</Relationships>',
        "xl/workbook.xml":
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook {_NS} {_R}><sheets>'
            + "".join(f'<sheet name="{_text(name)}" sheetId="{i}" r:id="rId{i}"/>'
                      for i, (name, _, _) in enumerate(sheets, start=1)) + "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels":
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                      f'relationships/worksheet" Target="worksheets/sheet{i}.xml"/>' for i in range(1, n + 1))
            + f'<Relationship Id="rId{n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
              'relationships/styles" Target="styles.xml"/></Relationships>',
        "xl/styles.xml":
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet {_NS}><fonts count="2"><font>'
            '<sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"'
            '/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" '
            'fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle '
            'name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for name, text in parts.items():
            z.writestr(zipfile.ZipInfo(name, _FIXED), text)
        for i, (_, rows, bold) in enumerate(sheets, start=1):
            info = zipfile.ZipInfo(f"xl/worksheets/sheet{i}.xml", _FIXED)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, sheet_xml(rows, bold))
