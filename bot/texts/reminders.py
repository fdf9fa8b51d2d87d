"""Reminders, check-ins and escalations (the sweep renders them for each member's platform)."""

from __future__ import annotations

BEFORE_DUE = (
    "⏰ <b>یادآوری</b>: {days} روز کاری تا مهلت جلسه {meeting} ردیف {number} ({due}) مانده است.\n"
    "{text}\n\nلطفاً پیشرفت کار را گزارش کنید (پاسخ به همین پیام)."
)
DUE_TODAY = (
    "⏰ <b>امروز مهلت</b> جلسه {meeting} ردیف {number} است ({due}).\n"
    "{text}\n\nلطفاً گزارش انجام یا پیشرفت کار را بفرستید."
)
OVERDUE = (
    "⚠️ <b>{days} روز از مهلت</b> جلسه {meeting} ردیف {number} ({due}) گذشته است.\n"
    "{text}\n\nلطفاً گزارش بفرستید، یا اگر زمان بیشتری لازم است درخواست تمدید کنید."
)
CHECKIN = (
    "🔁 <b>پیگیری دوره‌ای</b> مصوبه مستمر جلسه {meeting} ردیف {number}:\n"
    "{text}\n\nلطفاً گزارش اقدامات این دوره را بفرستید."
)
ESCALATION = (
    "🚨 <b>{days} روز از مهلت</b> جلسه {meeting} ردیف {number} برای «{agency}» ({due}) گذشته است "
    "و انجام آن گزارش نشده است.\n{text}"
)

# The governor's office's weekly digest.
WEEKLY = (
    "📊 <b>گزارش هفتگی مصوبات</b> — {today}\n{overdue}\n\nانجام‌شده و تأییدشده در هفته گذشته: {done}{rate}"
)
WEEKLY_OVERDUE_HEADER = "موارد معوق ({count}):"
WEEKLY_OVERDUE_LINE = "• {agency}: {count} مورد"
WEEKLY_NO_OVERDUE = "مورد معوقی نیست."
WEEKLY_RATE = "\nبه‌موقع: {rate}٪ ({on_time} از {done})"

# /pause and /resume
CMD_PAUSE = "توقف یادآوری‌ها در مرخصی: /pause تعداد روز"
CMD_RESUME = "ازسرگیری یادآوری‌ها"
PAUSE_USAGE = "تعداد روز را بنویسید، از ۱ تا {most}؛ مثلاً: /pause ۱۰"
PAUSED = (
    "یادآوری‌ها تا {until} برای شما فرستاده نمی‌شود؛ دیگر نمایندگان «{agency}» یادآوری را می‌گیرند. "
    "برای ازسرگیری: /resume"
)
RESUMED = "یادآوری‌ها دوباره برای شما فرستاده می‌شود."
NOT_PAUSED = "یادآوری‌های شما متوقف نبود."
