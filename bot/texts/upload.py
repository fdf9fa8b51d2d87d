"""Uploading minutes in chat: the preview, the confirmation, and why a file was not taken."""

from __future__ import annotations

PREVIEW_HEADER = "<b>پیش‌نمایش صورتجلسه</b>: جلسه {number} مورخ {date} — {count} مصوبه"
PREVIEW_ROW = "{number}. {text}"
PREVIEW_AGENCIES = "   ← {agencies} — مهلت {due}"
PREVIEW_NOTE = "   📝 ملاحظات: {note}"
# What the file itself left in doubt (the header's two dates, a column not known, a row's text …).
PREVIEW_FILE_PROBLEM = "⚠️ {problem}"
PREVIEW_NO_AGENCY = "(بدون دستگاه)"
PREVIEW_PROBLEM = "   ⚠️ {problem}"
PREVIEW_BLOCKED = "⚠️ پیش از ثبت، هر اقدام‌کننده ناشناخته باید به یک دستگاه برسد."
FIX_FIRST = (
    "«{party}» کدام دستگاه است؟ با دکمه‌های زیر آن را نام دیگر یک دستگاه کنید یا دستگاه تازه ثبت کنید "
    "(یا از /agencies)."
)
FIX_DEADLINE = "مهلت ردیف {number} خوانده نشد؛ یکی را بزنید (یا بدون مهلت ثبت کنید)."
FIX_AGENCY_DEADLINE = "مهلت ردیف {number} برای {agencies} خوانده نشد؛ یکی را بزنید (یا بدون مهلت ثبت کنید)."
BUTTON_USE = "= {name}"
BUTTON_NEW_AGENCY = "➕ دستگاه تازه: {party}"
PREVIEW_READY = "همه اقدام‌کننده‌ها شناخته شدند. با «ثبت و ارسال» مصوبات ثبت و برای نمایندگان فرستاده می‌شود."
BUTTON_COMMIT = "✅ ثبت و ارسال"
BUTTON_CANCEL = "✖️ لغو"
DUE_ONGOING = "مستمر"
DUE_UNKNOWN = "نامشخص"
TOO_BIG = "این پرونده بزرگ‌تر از {most} مگابایت است؛ صورتجلسه را به‌صورت docx، pdf، txt، md یا html بفرستید."
NOT_MINUTES = "این پرونده خوانده نشد: {reason}\nصورتجلسه را به‌صورت docx، pdf، txt، md یا html بفرستید."
CHANGED = "پرونده پیش‌نمایش دیگر در دسترس نیست یا تغییر کرده است؛ آن را دوباره بفرستید."
CANCELLED = "ثبت صورتجلسه لغو شد."
# The waiting file could not be read again just now (its worker ran out of time); the upload still waits.
READ_LATER = "پرونده الان دوباره خوانده نشد؛ کمی بعد دوباره دکمه را بزنید (یا «لغو» را بزنید)."
