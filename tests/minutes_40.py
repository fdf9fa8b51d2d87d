"""Minutes 40 of the council, held on Thursday 1401/09/24, with the rows a test needs (the reminder and
status tests write their own)."""

from __future__ import annotations

HEADER = """موضوع: چهلمین صورتجلسه قرارگاه اجتماعی استان

| تاریخ تشکیل: | روز: |
|---|---|
| ۱۴۰۱/۰۹/۲۴ | پنج شنبه |

| ردیف | مصوبات چهلمین جلسه | اقدام کننده | زمان اقدام |
|---|---|---|---|
"""
ROW_1 = (
    "| ۱ | مقرر گردید: شهرداری کمالشهر روشنایی معابر شهرک را تکمیل نماید. | شهرداری کمالشهر | ۱۴۰۱/۱۰/۰۷ |\n"
)


def minutes_40(*rows: str) -> str:
    """The minutes text with these table rows (each «| n | text | agencies | deadline |»)."""
    return HEADER + "".join(row if row.endswith("\n") else row + "\n" for row in rows)
