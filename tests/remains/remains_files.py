"""Manifest files for the remains tests, in Cyrillic and Latin."""

from __future__ import annotations

from typing import Any

SURNAMES = ["Коваленко", "Шевченко", "Бойко", "Kovalchuk", "Melnyk", "Ткаченко", "Кравченко", "Oliinyk"]
GIVEN = ["Олександр", "Іван", "Сергій", "Mykola", "Petro", "Андрій", "Дмитро", "Vasyl"]


def manifest_csv(count: int, *, prefix: str = "B-R-", start: int = 1) -> bytes:
    """A manifest of `count` bodies; every seventh has no name (unidentified remains)."""
    lines = ["№;ПІБ;Дата народження;Жетон;Місце виявлення;Дата виявлення"]
    for i in range(start, start + count):
        name = "" if i % 7 == 0 else f"{SURNAMES[i % 8]} {GIVEN[(i // 8) % 8]}"
        born = f"{(i % 28) + 1:02d}.{(i % 12) + 1:02d}.{1980 + i % 20}" if name else ""
        lines.append(f"{prefix}{i:06d};{name};{born};T-{i:05d};Сектор {i % 5};0{(i % 9) + 1}.05.2025")
    return ("\n".join(lines) + "\n").encode("utf-8")


def bearer(user: Any) -> dict[str, str]:
    """An Authorization header with a fresh API token for `user`."""
    from cartel.parties.models import ApiToken

    raw = ApiToken.new_raw()
    ApiToken.objects.create(user=user, prefix=raw[:8], digest=ApiToken.digest_of(raw), label="test")
    return {"Authorization": f"Bearer {raw}"}
