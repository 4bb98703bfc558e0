"""Benchmark of the registry list and search (the selectors behind `/registry/` and `/api/persons`) at scale.

Run: `uv run python bench/web_search.py --persons 300000 [--db PATH | --db postgresql://…/EMPTY_DB]`.
It fills a fresh database with N persons (half held by A, half by B, both lists shared with M; names from a
pool of common Ukrainian and Russian surnames and given names, Cyrillic only, so Latin queries must go through the
skeleton keys), then times, as A's operator and as the mediator: the first page and a deep page of the keyset
list, a filtered page, and searches (Latin, Cyrillic, with a typo, with a birth date, a word being typed).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from functools import cache
from pathlib import Path
from types import SimpleNamespace

SURNAMES = [
    "Коваленко",
    "Шевченко",
    "Бондаренко",
    "Ткаченко",
    "Кравченко",
    "Олійник",
    "Мельник",
    "Шевчук",
    "Поліщук",
    "Бойко",
    "Ковальчук",
    "Савченко",
    "Кузнецов",
    "Смирнов",
    "Попов",
    "Васильев",
    "Петров",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Федоров",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
    "Семенов",
    "Егоров",
    "Павлов",
    "Козлов",
    "Степанов",
    "Николаев",
    "Орлов",
    "Андреев",
    "Макаров",
    "Никитин",
    "Захаров",
    "Зайцев",
    "Соловьев",
    "Литвиненко",
    "Руденко",
    "Мороз",
    "Марченко",
    "Клименко",
    "Павленко",
    "Савчук",
    "Кушнір",
    "Гончаренко",
    "Левченко",
    "Харченко",
    "Сидоренко",
]
GIVEN = [
    "Іван",
    "Олександр",
    "Сергій",
    "Андрій",
    "Микола",
    "Василь",
    "Дмитро",
    "Олег",
    "Юрій",
    "Віталій",
    "Богдан",
    "Тарас",
    "Максим",
    "Артем",
    "Денис",
    "Иван",
    "Александр",
    "Сергей",
    "Андрей",
    "Николай",
    "Василий",
    "Дмитрий",
    "Алексей",
    "Юрий",
    "Виталий",
    "Михаил",
    "Павел",
    "Роман",
    "Евгений",
]
PATRONYMICS = [
    "Іванович",
    "Петрович",
    "Олександрович",
    "Миколайович",
    "Иванович",
    "Петрович",
    "Александрович",
    "Николаевич",
]


def setup(db: str) -> None:
    os.environ["CARTEL_DB"] = db
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cartel.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


@cache
def _text(surname: str, given: str, patronymic: str, birth: str) -> tuple[str, str, str]:
    from cartel.registry.keys import display_names, search_text

    record = SimpleNamespace(
        full_name="", surname=surname, given_name=given, patronymic=patronymic, birth_date=birth
    )
    names = display_names(record)  # type: ignore[arg-type]
    return names.display, names.latin, search_text([record])  # type: ignore[list-item]


def fill(n: int, seed: int = 7) -> None:
    """N persons with one record each, in batches (direct bulk inserts: this measures reads, not imports)."""
    from cartel.parties.bootstrap import accounts_bootstrap, parties_bootstrap
    from cartel.registry.models import Person, SourceList, SourceRecord

    parties = parties_bootstrap()
    accounts_bootstrap(parties)
    rng = random.Random(seed)
    start = time.perf_counter()
    for code, other in (("A", "B"), ("B", "A")):
        source_list = SourceList.objects.create(owner=parties[code], kind="registry", name=f"bench {code}")
        source_list.shared_with.set([parties["M"]])
        for offset in range(0, n // 2, 5000):
            people, records = [], []
            for i in range(offset, min(offset + 5000, n // 2)):
                s, g, p = rng.choice(SURNAMES), rng.choice(GIVEN), rng.choice(PATRONYMICS)
                birth = f"{rng.randint(1960, 2005)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
                display, latin, text = _text(s, g, p, birth)
                people.append(Person(display_name=display, latin_name=latin, surname=s, given_name=g, patronymic=p,
                                     birth_date=birth, holding_party=parties[code], origin_party=parties[other],
                                     status=rng.choice(("registered", "interned", "eligible")), search_text=text))  # fmt: skip
                records.append((i, s, g, p, birth))
            people = Person.objects.bulk_create(people)
            SourceRecord.objects.bulk_create(
                SourceRecord(source_list=source_list, owner=parties[code], kind="registry", row_number=i + 2,
                             external_id=f"{code}{i}", raw={"surname": s}, surname=s, given_name=g, patronymic=p,
                             birth_date=b, person=person)
                for (i, s, g, p, b), person in zip(records, people, strict=True)
            )  # fmt: skip
    print(f"filled {n:,} persons in {time.perf_counter() - start:.0f} s")


def timed(label: str, fn: object, repeat: int = 3) -> None:
    best = float("inf")
    result: object = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    size = len(result) if hasattr(result, "__len__") else len(getattr(result, "persons", []))
    print(f"  {label:<46} {best * 1000:8.0f} ms  ({size} rows)")


def run() -> None:
    from django.contrib.auth import get_user_model

    from cartel.registry.models import Person
    from cartel.registry.selectors import PersonFilters, persons_page, persons_search

    users = get_user_model().objects
    deep = Person.objects.order_by("surname", "given_name", "pk").values_list("pk", flat=True)[
        Person.objects.count() // 2
    ]
    none = PersonFilters()
    for name in ("a-operator", "m-mediator"):
        viewer = users.get(username=name)
        print(name)
        timed("list, first page", lambda v=viewer: persons_page(viewer=v, filters=none))
        timed(
            "list, page from the middle (keyset)",
            lambda v=viewer: persons_page(viewer=v, filters=none, after=deep),
        )
        timed("list, status=eligible held by B",
              lambda v=viewer: persons_page(viewer=v, filters=PersonFilters(status="eligible", holding_party="B")))  # fmt: skip
        for query in ("Kovalenko Ivan", "Коваленко Іван Петрович", "Kowalenko Iwan 1984", "Litvinenko Taras",
                      "Smirnov", "Kuzne", "1990-05-17"):  # fmt: skip
            timed(f"search “{query}”", lambda v=viewer, q=query: persons_search(viewer=v, query=q))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=300_000)
    parser.add_argument("--db", default="/tmp/cartel-bench-web.sqlite3")
    parser.add_argument("--keep", action="store_true", help="reuse a database filled before")
    args = parser.parse_args()
    if not args.keep and "://" not in args.db:
        for suffix in ("", "-wal", "-shm"):
            Path(args.db + suffix).unlink(missing_ok=True)
    setup(args.db)
    from cartel.registry.models import Person

    if not args.keep:
        fill(args.persons)
    print(f"{Person.objects.count():,} persons in {args.db.split('@')[-1]}")
    run()


if __name__ == "__main__":
    main()
