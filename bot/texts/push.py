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
