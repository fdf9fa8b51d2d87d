"""What the bot says in chat (Persian, short, polite).

Templates may use <b>, <i> and <code>; ``bot.markup.Markup.fill`` escapes the values on Telegram and
drops the tags on Bale. Numbers and dates arrive already in Persian digits.
"""

from __future__ import annotations

# Command descriptions (the command menu and /help).
CMD_START = "شروع و ثبت‌نام با لینک دعوت"
CMD_HELP = "راهنمای کارهایی که از شما برمی‌آید"
CMD_WHOAMI = "نقش و دستگاه شما"
CMD_CANCEL = "لغو کار نیمه‌تمام"
CMD_INVITE = "ساخت لینک دعوت: /invite نام دستگاه"
CMD_AGENCIES = "فهرست دستگاه‌ها، افزودن دستگاه یا نام دیگر"
CMD_REPORT = "گزارش پیشرفت یک مصوبه"
CMD_MY = "موارد باز دستگاه شما و گزارش پیشرفت"
CMD_MEMBERS = "فهرست اعضا، غیرفعال کردن یا انتقال عضو"

ROLE_NAMES = {
    "secretariat": "دبیرخانه قرارگاه",
    "governor": "دفتر استاندار",
    "agency": "نماینده دستگاه",
}
STATE_NAMES = {
    "active": "فعال",
    "paused": "یادآوری‌ها متوقف",
    "unreachable": "پیام به او نمی‌رسد",
    "inactive": "غیرفعال",
}

# Strangers: how to get an invite, and nothing about the council.
STRANGER = (
    "سلام. این ربات فقط برای اعضای ثبت‌شده است.\n"
    "برای عضویت، لینک دعوت را از دبیرخانه بگیرید و همان لینک را باز کنید."
)

# Registration.
WELCOME = "خوش آمدید، {name}.\nشما به عنوان <b>{role}</b>{agency} ثبت شدید."
WELCOME_AGENCY = " «{value}»"
ALREADY_MEMBER = "شما قبلاً به عنوان <b>{role}</b>{agency} ثبت شده‌اید؛ به لینک دعوت تازه نیازی نیست."
REACTIVATED = "خوش برگشتید، {name}.\nعضویت شما به عنوان <b>{role}</b>{agency} دوباره فعال شد."
HELLO_AGAIN = "سلام {name}. برای دیدن کارهایی که از شما برمی‌آید /help را بفرستید."

# Help.
HELP_HEADER = "<b>راهنما</b> ({role})"
HELP_LINE = "/{command} — {description}"
HELP_FOOTER_AGENCY = (
    "مصوبات مربوط به دستگاه شما همین‌جا فرستاده می‌شود. زیر هر مصوبه دکمه‌های «دریافت شد»، «گزارش پیشرفت»، "
    "«درخواست تمدید» و «انجام شد» هست؛ پاسخ (ریپلای) به پیام مصوبه هم گزارش آن ثبت می‌شود."
)
HELP_FOOTER_GOVERNOR = "گزارش وضعیت مصوبات و موارد معوق همین‌جا فرستاده می‌شود."
HELP_FOOTER_SECRETARIAT = (
    "برای دعوت نماینده یک دستگاه: /invite نام دستگاه\n"
    "برای ثبت مصوبات یک جلسه، فایل صورتجلسه (.docx، .txt، .md یا .html) را بفرستید.\n\n"
)

# /whoami
WHOAMI = "<b>{name}</b>\nنقش: {role}{agency}\nوضعیت: {state}"
WHOAMI_AGENCY = "\nدستگاه: {value}"

# /cancel and what is not understood.
CANCELLED = "لغو شد."
NOTHING_TO_CANCEL = "کار نیمه‌تمامی در جریان نبود."
UNKNOWN_COMMAND = "این فرمان را نمی‌شناسم. /help فهرست فرمان‌ها را نشان می‌دهد."
NOT_UNDERSTOOD = "متوجه نشدم. /help کارهایی را که از شما برمی‌آید نشان می‌دهد."
STALE_BUTTON = "این دکمه دیگر معتبر نیست."
NOT_ALLOWED = "این کار در دسترس شما نیست."

# /invite
# Two groups that must not be confused (the secretariat's own agency is named like the secretariat role):
# the roles first, each button marked 👤, then the agencies, each marked 🏢.
INVITE_PICK = (
    "لینک دعوت برای کدام نقش یا دستگاه؟\n"
    "👤 <b>نقش‌ها</b> (دکمه‌های ردیف اول): {governor}، {secretariat}\n"
    "🏢 <b>دستگاه‌ها</b> (دکمه‌های بعدی): نماینده یک دستگاه اجرایی\n"
    "یا بنویسید: /invite نام دستگاه"
)
INVITE_ROLE_BUTTON = "👤 نقش: {role}"
INVITE_AGENCY_BUTTON = "🏢 {agency}"
INVITE_LINK = (
    "لینک دعوت {whom}:\n{link}\n"
    "این لینک {uses} بار قابل استفاده است و تا {expires} اعتبار دارد.\n"
    "آن را فقط برای خود آن شخص بفرستید."
)
INVITE_WHOM_AGENCY = "نماینده «{agency}»"
INVITE_WHOM_ROLE = "{role}"

# /agencies
AGENCIES_HEADER = "<b>دستگاه‌ها</b> ({count})"
AGENCIES_EMPTY = "هنوز دستگاهی ثبت نشده است."
AGENCY_LINE = "{index}. {name}{aliases}{inactive}"
AGENCY_ALIASES = " (نام‌های دیگر: {value})"
AGENCY_INACTIVE = " — غیرفعال"
AGENCY_ADD_BUTTON = "➕ افزودن دستگاه"
AGENCY_ALIAS_BUTTON = "➕ افزودن نام دیگر"
AGENCY_ASK_NAME = "نام کامل دستگاه تازه را بفرستید.\nبرای لغو: /cancel"
AGENCY_PICK_FOR_ALIAS = "نام دیگر را برای کدام دستگاه ثبت کنم؟"
AGENCY_ASK_ALIAS = "نام دیگری را که «{agency}» با آن نوشته می‌شود بفرستید.\nبرای لغو: /cancel"
AGENCY_ADDED = "دستگاه «{name}» ثبت شد. برای دعوت نماینده‌اش: /invite {name}"
AGENCY_ALIAS_ADDED = "«{alias}» به عنوان نام دیگر «{name}» ثبت شد."
TRY_AGAIN = "نام دیگری بفرستید، یا برای لغو /cancel."
SEND_AGAIN = "دوباره بفرستید، یا برای لغو /cancel."

# /members
MEMBERS_HEADER = "<b>اعضا</b> ({count})"
MEMBERS_EMPTY = "هنوز عضوی ثبت نشده است."
MEMBER_LINE = "{index}. {name} — {role}{agency}{state}"
MEMBER_LINE_AGENCY = " «{value}»"
MEMBER_LINE_STATE = " ({value})"
MEMBER_CARD = "<b>{name}</b>{username}\nنقش: {role}{agency}\nوضعیت: {state}"
MEMBER_CARD_USERNAME = " (@{value})"
MEMBER_DEACTIVATE_BUTTON = "⛔ غیرفعال کردن"
MEMBER_DEACTIVATE_CONFIRM = "عضویت {name} غیرفعال شود؟ دیگر پیامی برای او فرستاده نمی‌شود."
MEMBER_CONFIRM_BUTTON = "بله، غیرفعال شود"
MEMBER_MOVE_BUTTON = "🔁 انتقال به دستگاه دیگر"
MEMBER_PICK_AGENCY = "{name} به کدام دستگاه منتقل شود؟"
MEMBER_DEACTIVATED = "عضویت {name} غیرفعال شد."
MEMBER_MOVED = "{name} به «{agency}» منتقل شد."
BACK_BUTTON = "↩️ بازگشت"
# Right to left: "next" points left, "previous" right (handlers.replies.navigation puts them in order).
PREVIOUS_BUTTON = "▶️ قبلی"
NEXT_BUTTON = "بعدی ◀️"
PAGE = "صفحه {page} از {pages}"

# Errors.
ERROR_FOR_USER = (
    "متأسفانه خطایی پیش آمد و کار انجام نشد. دبیرخانه در جریان قرار گرفت؛ کمی بعد دوباره امتحان کنید."
)
ERROR_FOR_SECRETARIAT = "⚠️ خطا در پردازش یک پیام{who}:\n{error}"
ERROR_WHO = " از {value}"
# The same failure again within the hour: one notice with the count, when the hour ends.
ERROR_REPEATED = "⚠️ همین خطا در یک ساعت گذشته {count} بار دیگر هم رخ داد:\n{error}"
