"""Tell a list file's format from its first bytes, and refuse the formats that cannot be read.

The content decides, not the file name: a CSV renamed to ``.xlsx`` is read as CSV, and an "XLS" that some
registry exported as an HTML page is refused with advice to save it again as XLSX or CSV.
"""

from __future__ import annotations

import io
import zipfile
from typing import Literal

from cartel.engine.tabular.errors import TabularError

__all__ = ["FileKind", "detect_kind", "zip_kind"]

FileKind = Literal["text", "xlsx"]

_SAVE_AS = (
    "Open it in a spreadsheet program and save it as XLSX (Excel workbook) or CSV, then upload that file."
)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_OLE = "EncryptionInfo".encode("utf-16-le")


def detect_kind(data: bytes, filename: str) -> FileKind:
    """Return whether the bytes are a text list or an XLSX workbook; raise `TabularError` for anything else."""
    name = filename.lower()
    head = data[:4096]
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return zip_kind(data)
    if head.startswith(_OLE2):
        if _ENCRYPTED_OLE in data:
            raise TabularError(
                "The workbook is protected with a password, so it cannot be read. Open it, remove the password "
                "(File → Info → Protect Workbook → Encrypt with Password, clear it) and save it again as XLSX.",
                code="encrypted",
            )
        raise TabularError(
            "This is an old binary Excel file (.xls, Excel 97–2003), which cannot be read. " + _SAVE_AS,
            code="xls",
        )
    if head.startswith(b"%PDF-"):
        raise TabularError(
            "This is a PDF document, not a list file: tables in a PDF cannot be read reliably. Ask for the "
            "list as XLSX or CSV, or copy the table into a spreadsheet and save it as XLSX or CSV.",
            code="pdf",
        )
    if head.startswith(b"{\\rtf"):
        raise TabularError("This is a Word (RTF) document, not a list file. " + _SAVE_AS, code="rtf")
    if head.startswith(b"\x1f\x8b") or head.startswith(b"7z\xbc\xaf") or head.startswith(b"Rar!"):
        raise TabularError(
            "This is a compressed archive. Unpack it and upload the CSV or XLSX file inside.", code="archive"
        )
    text_head = _ascii_head(head)
    if text_head.startswith(("<!doctype html", "<html", "<table", "<head", "<body")) or (
        "<html" in text_head and "<table" in text_head
    ):
        raise TabularError(
            "This file is a web page (HTML), even if its name ends in "
            f"{_extension(name) or 'something else'}: some systems export such pages as «Excel» files. "
            + _SAVE_AS,
            code="html",
        )
    if text_head.startswith("<?xml"):
        if "urn:schemas-microsoft-com:office:spreadsheet" in text_head:
            raise TabularError("This is an «XML Spreadsheet 2003» file. " + _SAVE_AS, code="xml_spreadsheet")
        raise TabularError("This is an XML document, not a list file. " + _SAVE_AS, code="xml")
    return "text"


def zip_kind(data: bytes) -> FileKind:
    """Return "xlsx" for an Excel workbook inside a ZIP container; refuse ODS, XLSB, Word files and other ZIPs."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100] if "mimetype" in names else b""
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        OSError,
        NotImplementedError,
        RuntimeError,
        ValueError,
    ) as exc:
        raise TabularError(
            "The file looks like an XLSX workbook (a ZIP container) but it is damaged or incomplete. "
            "Open it in a spreadsheet program and save it again, or upload it as CSV.",
            code="bad_xlsx",
        ) from exc
    if "xl/workbook.xml" in names:
        return "xlsx"
    if mimetype.startswith(b"application/vnd.oasis.opendocument.spreadsheet"):
        raise TabularError(
            "This is an OpenDocument spreadsheet (.ods), which cannot be read. In LibreOffice choose "
            "File → Save As and save it as XLSX (Excel 2007–365) or CSV, then upload that file.",
            code="ods",
        )
    if "xl/workbook.bin" in names:
        raise TabularError("This is a binary Excel workbook (.xlsb). " + _SAVE_AS, code="xlsb")
    if "word/document.xml" in names or mimetype.startswith(b"application/vnd.oasis.opendocument.text"):
        raise TabularError(
            "This is a text document, not a list file. Copy its table into a spreadsheet and save it as XLSX "
            "or CSV.",
            code="document",
        )
    raise TabularError(
        "This is a ZIP archive, not an XLSX workbook. Unpack it and upload the CSV or XLSX file inside.",
        code="archive",
    )


def _ascii_head(head: bytes) -> str:
    """Lower-cased leading text, with BOMs and UTF-16 null bytes removed, for sniffing markup."""
    cleaned = head.replace(b"\x00", b"").removeprefix(b"\xef\xbb\xbf")
    cleaned = cleaned.removeprefix(b"\xff\xfe").removeprefix(b"\xfe\xff")
    return cleaned.decode("latin-1").lstrip().lower()


def _extension(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:] if dot > 0 else ""
