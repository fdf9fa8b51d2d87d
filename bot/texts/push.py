"""The message that takes a new resolution to an agency's representatives, and its buttons."""

from __future__ import annotations

from bot.domain.statuses import AssignmentStatus

PUSH = (
    "📌 <b>مصوبه تازه برای «{agency}»</b>\n"
    "جلسه {meeting} ({held_on})، ردیف {number}\n\n"
    "{text}{items}\n\n"
    "مهلت: <b>{due}</b>{note}"
)
# The minutes' remarks column, under the deadline when the resolution has one.
PUSH_NOTE = "\nملاحظات: {note}"
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
# A button of an older message, for a step the item has gone past (its buttons are then brought up to date).
STEP_PASSED = "این مرحله گذشته است — وضعیت کنونی: {status} {percent}٪"
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
    AssignmentStatus.NEW: "جدید",
    AssignmentStatus.ACKNOWLEDGED: "دریافت‌شده",
    AssignmentStatus.IN_PROGRESS: "در حال انجام",
    AssignmentStatus.DONE_REPORTED: "انجام‌شده (منتظر تأیید)",
    AssignmentStatus.VERIFIED: "تأییدشده",
    AssignmentStatus.CANCELLED: "لغوشده",
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

# Extension requests («درخواست تمدید»).
ASK_EXTEND_DATE = (
    "مهلت تازه جلسه {meeting} ردیف {number} را بنویسید (مهلت فعلی: {due}):\n"
    "• تاریخی مثل «{example}»\n"
    "• یا مدت تمدید مثل «۲ هفته»، {counted}.\n"
    "برای لغو: /cancel"
)
# How a length is counted (bot.services.extensions: from the due date while it has not passed).
EXTEND_COUNTED_FROM_DUE = "که از مهلت فعلی ({base}) شمرده می‌شود"
EXTEND_COUNTED_FROM_TODAY = "که از امروز ({base}) شمرده می‌شود، چون مهلت فعلی گذشته است"
EXTEND_COUNTED_NO_DUE = "که از امروز ({base}) شمرده می‌شود"
EXTEND_NO_DUE = "مشخص نشده"
# The new date, before the reason is asked: confirm, change or cancel.
EXTEND_CONFIRM = "مهلت تازه جلسه {meeting} ردیف {number}: <b>{due}</b>{how}{moved}\nاین مهلت درست است؟"
EXTEND_HOW_FROM_DUE = " ({length} پس از مهلت فعلی، {base})"
EXTEND_HOW_FROM_TODAY = " ({length} پس از امروز، {base})"
EXTEND_MOVED = "\n{day} روز کاری نیست؛ مهلت نخستین روز کاری پس از آن است."
BUTTON_EXTEND_CONFIRM = "✔️ تأیید مهلت"
BUTTON_EXTEND_CHANGE = "✏️ تاریخ دیگر"
BUTTON_EXTEND_CANCEL = "✖️ انصراف"
EXTEND_CONFIRM_FIRST = (
    "اول مهلت تازه را با دکمه «تأیید مهلت» تأیید کنید، یا تاریخ دیگری بنویسید.\nبرای لغو: /cancel"
)
EXTEND_CANCELLED = "درخواست تمدید لغو شد."
ASK_EXTEND_REASON = "دلیل درخواست تمدید تا {due} را بنویسید.\nبرای لغو: /cancel"
EXTEND_SENT = "درخواست تمدید جلسه {meeting} ردیف {number} تا {due} برای دبیرخانه فرستاده شد."
EXTEND_ONGOING = "این مصوبه «مستمر» است و مهلتی برای تمدید ندارد."
EXTEND_PENDING = "درخواست تمدید قبلی این مورد هنوز در انتظار تصمیم دبیرخانه است."
EXTEND_BAD_DATE = "تاریخ را نفهمیدم. مثلاً بنویسید «۱۴۰۵/۰۹/۲۰» یا «۲ هفته»."
EXTEND_NOT_LATER = "مهلت تازه باید بعد از {after} باشد."
EXTEND_TOO_FAR = "مهلت تازه بیش از یک سال بعد است؛ تاریخ نزدیک‌تری بنویسید."
EXTEND_REASON_EMPTY = "دلیل درخواست تمدید را بنویسید."
DENY_REASON_EMPTY = "دلیل مخالفت را بنویسید."
EXTEND_REQUESTED = (
    "⏳ {who} ({agency}) برای جلسه {meeting} ردیف {number} تمدید مهلت خواست: از {old} تا {new}.\n"
    "دلیل: {reason}"
)
BUTTON_APPROVE = "✔️ موافقت با تمدید"
BUTTON_DENY = "✖️ مخالفت"
EXTEND_APPROVED = "✔️ دبیرخانه با تمدید مهلت جلسه {meeting} ردیف {number} تا {due} موافقت کرد."
EXTEND_DENIED = (
    "✖️ دبیرخانه با تمدید مهلت جلسه {meeting} ردیف {number} موافقت نکرد؛ مهلت همان {due} است.\n{reason}"
)
EXTEND_APPROVE_DONE = (
    "مهلت جلسه {meeting} ردیف {number} ({agency}) تا {due} تمدید شد و به دستگاه خبر داده شد."
)
ASK_DENY_REASON = (
    "دلیل مخالفت با تمدید جلسه {meeting} ردیف {number} ({agency}) را بنویسید؛ برای دستگاه فرستاده می‌شود.\n"
    "برای لغو: /cancel"
)
EXTEND_DENY_DONE = "مخالفت با تمدید ثبت شد و دلیل آن برای «{agency}» فرستاده شد."
EXTEND_DECIDED = "این درخواست پیش‌تر بررسی شده است ({decision})."
EXTEND_NOT_FOUND = "این درخواست تمدید پیدا نشد."
DECISION_NAMES = {"pending": "در انتظار", "approved": "موافقت شد", "denied": "مخالفت شد"}

# The secretariat's digest of progress reports.
DIGEST = "🗂 <b>گزارش‌های پیشرفت از {since}</b> ({count}):\n{lines}{more}"
DIGEST_LINE = "• جلسه {meeting} ردیف {number} — {agency} ({who}){percent}: {text}"
DIGEST_PERCENT = "، {percent}٪"
DIGEST_MORE = "\nو {count} گزارش دیگر؛ تاریخچه هر مصوبه: /history"
# In place of the sub-items that do not fit in one message.
PUSH_ITEMS_MORE = "\n…"
