"""Cartel's own settings: each one read once from the environment through a typed reader, with a comment.

Every setting here is documented in docs/settings.md (a test checks that none is missing).
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir


def read_str(name: str, default: str) -> str:
    """Return the environment variable `name`, or `default` when it is unset or empty."""
    return os.environ.get(name) or default


def read_int(name: str, default: int) -> int:
    """Return the environment variable `name` as an integer, or `default`."""
    raw = os.environ.get(name)
    return int(raw) if raw else default


def read_float(name: str, default: float) -> float:
    """Return the environment variable `name` as a float, or `default`."""
    raw = os.environ.get(name)
    return float(raw) if raw else default


def read_bool(name: str, default: bool) -> bool:
    """Return the environment variable `name` as a boolean (1/true/yes/on), or `default`."""
    raw = os.environ.get(name)
    if not raw:
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


# Folder for the embedded database, uploaded files and backups when nothing else is configured:
DATA_DIR = Path(read_str("CARTEL_DATA_DIR", user_data_dir("cartel", appauthor=False)))
# SQLite file path or database URL; DATABASE_URL is read too (CARTEL_DB wins):
DATABASE = read_str("CARTEL_DB", read_str("DATABASE_URL", str(DATA_DIR / "cartel.sqlite3")))
# Production profile: secure cookies, HSTS, no debug pages. The demo runs with it off:
PRODUCTION = read_bool("CARTEL_PRODUCTION", False)
# Secret key for sessions and tokens; must be set in production:
SECRET_KEY = read_str("CARTEL_SECRET_KEY", "")
# Host names the web server answers to, comma-separated:
ALLOWED_HOSTS = read_str("CARTEL_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
# Largest upload or import file accepted, in megabytes:
MAX_UPLOAD_MB = read_int("CARTEL_MAX_UPLOAD_MB", 200)
# Pairs scoring at or above this are linked without review:
MATCH_AUTO_THRESHOLD = read_float("CARTEL_MATCH_AUTO_THRESHOLD", 0.98)
# Pairs scoring at or above this (and below the auto threshold) go to the human review queue:
MATCH_REVIEW_THRESHOLD = read_float("CARTEL_MATCH_REVIEW_THRESHOLD", 0.50)
# Wall-clock limit for one planning solve, in seconds:
PLAN_TIME_LIMIT_S = read_int("CARTEL_PLAN_TIME_LIMIT_S", 60)
# Dashboard figures are recomputed when the audit log has moved on, at most once per this many seconds:
DASHBOARD_REFRESH_S = read_float("CARTEL_DASHBOARD_REFRESH_S", 10.0)
# Compute every party and role's dashboard figures in the background when a server process starts:
WARM_FIGURES = read_bool("CARTEL_WARM_FIGURES", True)
# Failed logins in a row before an account is locked for LOCKOUT_MINUTES:
LOCKOUT_FAILURES = read_int("CARTEL_LOCKOUT_FAILURES", 5)
# How long a locked account stays locked, in minutes:
LOCKOUT_MINUTES = read_int("CARTEL_LOCKOUT_MINUTES", 15)
# Idle web sessions expire after this many minutes:
SESSION_MINUTES = read_int("CARTEL_SESSION_MINUTES", 60)
# Require a TOTP second factor for every account not flagged as a demo account:
REQUIRE_TOTP = read_bool("CARTEL_REQUIRE_TOTP", True)
# Inquiries without an answer for this many days are flagged for a reminder:
INQUIRY_REMINDER_DAYS = read_int("CARTEL_INQUIRY_REMINDER_DAYS", 30)
