"""The message that takes a new resolution to an agency's representatives, and its buttons."""

from __future__ import annotations

PUSH = (
    "📌 <b>مصوبه تازه برای «{agency}»</b>\n"
    "جلسه {meeting} ({held_on})، ردیف {number}\n\n"
    "{text}{items}\n\n"
    "مهلت: <b>{due}</b>"
)
PUSH_ITEM = "\n{letter}) {item}"
DUE_ONGOING = "مستمر"
DUE_UNKNOWN = "«{raw}» (تاریخ مشخص نشده است)"

BUTTON_ACK = "✅ دریافت شد"
BUTTON_REPORT = "📝 گزارش پیشرفت"
BUTTON_EXTEND = "⏳ درخواست تمدید"
BUTTON_DONE = "🏁 انجام شد"

NO_REPRESENTATIVE = (
    "این دستگاه‌ها هنوز نماینده ثبت‌شده ندارند؛ مصوباتشان پس از ثبت‌نام نماینده فرستاده می‌شود: {agencies}"
)
UNREACHABLE = "⚠️ پیام به {name} ({agency}) نرسید ({reason}) و عضویت او «پیام به او نمی‌رسد» علامت خورد."

# To the secretariat.
REPORTED = "📝 گزارش {who} ({agency}) — جلسه {meeting} ردیف {number}، پیشرفت {percent}٪:\n{text}"
DONE_REPORTED = (
    "🏁 {who} ({agency}) انجام جلسه {meeting} ردیف {number} را گزارش کرد؛ منتظر تأیید دبیرخانه است."
)

# To the representative.
ACKNOWLEDGED = "دریافت ثبت شد."
ASK_REPORT = (
    "گزارش پیشرفت جلسه {meeting} ردیف {number} را بنویسید؛ درصد پیشرفت را هم می‌توانید بنویسید (مثلاً ۵۰٪).\n"
    "برای لغو: /cancel"
)
REPORT_SAVED = "گزارش ثبت شد و برای دبیرخانه فرستاده شد. پیشرفت: {percent}٪"
DONE_SAVED = "انجام جلسه {meeting} ردیف {number} ثبت شد؛ دبیرخانه آن را بررسی و تأیید می‌کند."

# /my
MY_HEADER = "<b>موارد باز «{agency}»</b> ({count})"
MY_EMPTY = "موردی باز نیست. 👏"
MY_LINE = "{index}. جلسه {meeting} ردیف {number} — {status} {percent}٪ — مهلت {due}"
MY_BUTTON = "📝 {meeting}/{number}"
STATUS_NAMES = {
    "new": "جدید",
    "acknowledged": "دریافت‌شده",
    "in_progress": "در حال انجام",
    "done_reported": "انجام‌شده، منتظر تأیید",
    "verified": "تأییدشده",
    "cancelled": "لغوشده",
}

# Verification.
BUTTON_VERIFY = "✔️ تأیید انجام"
BUTTON_SEND_BACK = "↩️ بازگرداندن"
VERIFIED = "✔️ دبیرخانه انجام جلسه {meeting} ردیف {number} را تأیید کرد. سپاس از پیگیری شما."
SENT_BACK = (
    "↩️ دبیرخانه جلسه {meeting} ردیف {number} را بازگرداند:\n{reason}\nلطفاً کار را ادامه دهید و گزارش بفرستید."
)
VERIFY_DONE = "جلسه {meeting} ردیف {number} ({agency}) تأیید شد."
ASK_REASON = (
    "دلیل بازگرداندن جلسه {meeting} ردیف {number} ({agency}) را بنویسید؛ برای دستگاه فرستاده می‌شود.\n"
    "برای لغو: /cancel"
)
SEND_BACK_DONE = "بازگردانده شد و دلیل آن برای «{agency}» فرستاده شد."
NOT_DONE_REPORTED = "این مورد در انتظار تأیید نیست (وضعیت: {status})."
REASON_EMPTY = "دلیل بازگرداندن را بنویسید."
WHICH_ITEM = "گزارش کدام مصوبه را می‌فرستید؟"
WHICH_ITEM_FOR_TEXT = "این پیام گزارش کدام مصوبه است؟ (برای لغو: /cancel)"
