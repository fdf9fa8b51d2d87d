"""Texts about running the bot itself: a second process refused on the same database.

Placeholders are filled with ``str.format``.
"""

from __future__ import annotations

# A second `peygir run` (or demo) on a SQLite database another process is using: one line, on stderr.
INSTANCE_LOCKED = (
    "پیگیر دیگری همین حالا با این پایگاه داده کار می‌کند (قفل «{path}» در دست اوست{holder})؛ "
    "دو پیگیر روی یک پایگاه داده SQLite پیام‌ها را دو بار می‌فرستند. "
    "اول آن یکی را ببندید، بعد دوباره اجرا کنید؛ برای چند نسخه هم‌زمان از PostgreSQL استفاده کنید "
    "(PEYGIR_DATABASE_URL=postgresql+asyncpg://…)."
)
# Filled into {holder} when the lock file names the process that holds it. The id stays in Latin digits:
# it is for `ps` and `kill`.
INSTANCE_LOCK_HOLDER = "، فرایند {pid}"
