"""Shared data for the list-file tests: synthetic names and small workbooks built in memory."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import openpyxl

# Common synthetic names, no real individuals.
SURNAMES_UK = ["Коваленко", "Шевченко", "Бондаренко", "Ткаченко", "Олійник", "Поліщук", "Гнатюк", "Ященко"]
SURNAMES_RU = ["Иванов", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Зайцев", "Григорьев"]
GIVEN_UK = ["Олександр", "Іван", "Микола", "Андрій", "Юрій", "Євген", "Ігор", "Наталія"]
GIVEN_RU = ["Александр", "Иван", "Николай", "Андрей", "Юрий", "Сергей", "Пётр", "Ольга"]
LATIN = ["Oleksandr Kovalenko", "Ivan Petrenko", "Aleksei Smirnov"]


def build_xlsx(sheets: dict[str, Sequence[Sequence[Any]]], *, hidden: Sequence[str] = ()) -> bytes:
    """Return the bytes of a workbook with the given sheets and rows (the first sheet comes first)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
        if title in hidden:
            sheet.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
