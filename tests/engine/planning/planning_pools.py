"""Synthetic planner pools for the planning tests: the DESIGN example and seeded random pools."""

from __future__ import annotations

import random
from typing import Any

DESIGN_POOL: dict[str, Any] = {
    "agreement": {
        "categories": [
            {"code": "wounded", "rule": "all_for_all"},
            {"code": "young", "rule": "all_for_all"},
            {"code": "general", "rule": "n_for_n", "quota_remaining": 120},
        ]
    },
    "stage": {
        "capacity_per_side": 300,
        "stretcher_capacity_per_side": 40,
        "balance": "overall",
        "tolerance": 0,
    },
    "candidates": [
        {
            "id": "A-17",
            "side": "A",
            "category": "wounded",
            "priority": 87,
            "ready": True,
            "consent": True,
            "stretcher": True,
        }
    ],
}


def person(
    ident: str,
    side: str,
    category: str,
    priority: float,
    *,
    ready: bool = True,
    consent: bool = True,
    stretcher: bool = False,
) -> dict[str, Any]:
    """Return one candidate object of a pool."""
    return {
        "id": ident,
        "side": side,
        "category": category,
        "priority": priority,
        "ready": ready,
        "consent": consent,
        "stretcher": stretcher,
    }


def pool(
    candidates: list[dict[str, Any]],
    *,
    categories: list[dict[str, Any]] | None = None,
    capacity: int = 300,
    stretcher: int | None = 40,
    balance: str = "overall",
    tolerance: int = 0,
) -> dict[str, Any]:
    """Return a pool object with the given candidates and limits."""
    stage: dict[str, Any] = {"capacity_per_side": capacity, "balance": balance, "tolerance": tolerance}
    if stretcher is not None:
        stage["stretcher_capacity_per_side"] = stretcher
    return {
        "agreement": {
            "categories": categories if categories is not None else DESIGN_POOL["agreement"]["categories"]
        },
        "stage": stage,
        "candidates": candidates,
    }


def random_pool(rng: random.Random, size: int, *, sides: str = "AB") -> dict[str, Any]:
    """Return a random small pool exercising every rule, with ties, zeros and ineligible people."""
    rules = ["all_for_all", "n_for_n", "unilateral"]
    categories: list[dict[str, Any]] = []
    for code in rng.sample(["wounded", "young", "general", "тяжкопоранені"], rng.randint(1, 4)):
        rule = rng.choice(rules)
        category: dict[str, Any] = {"code": code, "rule": rule}
        if rule != "unilateral" and rng.random() < 0.5:
            category["quota_remaining"] = rng.randint(0, 4)
        if rule == "unilateral" and rng.random() < 0.3:
            category["side"] = rng.choice(sides)
        categories.append(category)
    codes = [c["code"] for c in categories]
    candidates = []
    for i in range(size):
        side = rng.choice(sides)
        candidates.append(
            person(
                f"{side}-{i:03d}",
                side,
                rng.choice(codes) if rng.random() < 0.95 else "невідома",
                rng.choice([0, 1, 2, 3, 5, 8, 13, 20, 50, 100]),
                ready=rng.random() < 0.9,
                consent=rng.random() < 0.92,
                stretcher=rng.random() < 0.3,
            )
        )
    return pool(
        candidates,
        categories=categories,
        capacity=rng.randint(0, 8),
        stretcher=rng.choice([None, 0, 1, 2, 3]),
        balance=rng.choice(["overall", "per_category", "none"]),
        tolerance=rng.choice([0, 0, 1, 2]),
    )
