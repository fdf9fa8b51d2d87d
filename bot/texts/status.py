"""/status, /overdue, /ranking, /export: the governor's office's and the secretariat's picture, and the
reports for the next meeting (the chat, the chart and the Excel and Word files read these)."""

from __future__ import annotations

from bot.texts.push import STATUS_NAMES

__all__ = ["STATUS_NAMES"]

CMD_STATUS = "وضعیت مصوبات: /status، /status شهرداری، /status ۱۹ یا /status ۱۹/۳"
CMD_OVERDUE = "موارد معوق، از بیشترین تأخیر"
CMD_RANKING = "رتبه‌بندی دستگاه‌ها: /ranking ماه، /ranking جلسه ۱۹ یا /ranking همه"
CMD_EXPORT = (
    "فایل‌های اکسل و ورد برای جلسه بعد، و ابلاغیه دستگاه‌ها: /export یا /export ۱۹ "
    "(از جلسه ۱۹؛ ابلاغیه: همان جلسه)"
)

# The overview.
OVERVIEW_HEADER = "📊 <b>وضعیت مصوبات</b> — {today}"
OVERVIEW_AGENCY_HEADER = "📊 <b>وضعیت مصوبات «{agency}»</b> — {today}"
OVERVIEW_TOTALS = "مصوبات: {resolutions} — تکالیف: {assignments}"
OVERVIEW_BY_STATUS = "{parts}"
OVERVIEW_STATUS_PART = "{name}: {count}"
OVERVIEW_OVERDUE = "⏰ معوق: <b>{overdue}</b> — مهلت تا پایان هفته: {week}"
OVERVIEW_RATE = "✅ انجام به‌موقع: {rate}٪ ({on_time} از {decided})"
OVERVIEW_NO_RATE = "✅ انجام به‌موقع: هنوز موردی به مهلت نرسیده است"
OVERVIEW_TOP = "<b>بیشترین موارد معوق:</b>"
OVERVIEW_TOP_LINE = "{index}. {agency}: {count}"
OVERVIEW_EMPTY = "هنوز مصوبه‌ای ثبت نشده است."
TOP_BUTTON = "{agency} ({count})"
BUTTON_OVERDUE = "⏰ موارد معوق"
BUTTON_RANKING = "🏅 رتبه‌بندی"
BUTTON_CHART_AGENCIES = "📈 نمودار دستگاه‌ها"
BUTTON_CHART_MEETINGS = "📈 نمودار جلسات"
BUTTON_EXPORT = "📄 گزارش برای جلسه"
BUTTON_OVERVIEW = "📊 نمای کلی"

# Lists of assignments.
AGENCY_HEADER = "🏢 <b>{agency}</b> — {count} تکلیف"
MEETING_HEADER = "🗂 <b>جلسه {meeting}</b> ({held_on}) — {count} تکلیف"
OVERDUE_HEADER = "⏰ <b>موارد معوق</b> ({count})، از بیشترین تأخیر"
OVERDUE_AGENCY_HEADER = "⏰ <b>موارد معوق «{agency}»</b> ({count})"
LIST_EMPTY = "موردی نیست."
OVERDUE_EMPTY = "موردی معوق نیست. 👏"
ITEM_LINE = "{index}. جلسه {meeting} ردیف {number} — {agency}{status} {percent}٪ — مهلت {due}{late}"
ITEM_AGENCY = "{agency} — "
ITEM_LATE = " (<b>{days} روز تأخیر</b>)"
ITEM_LAST_REPORT = "\n   آخرین گزارش: {date}"
ITEM_TEXT = "\n   {text}"
ITEM_BUTTON = "🔎 {meeting}/{number}"
DUE_ONGOING = "مستمر"
DUE_UNKNOWN = "نامشخص"

# One resolution.
RESOLUTION_HEADER = "📌 <b>جلسه {meeting} ردیف {number}</b>\n{text}{items}"
RESOLUTION_AGENCY = "\n<b>{agency}</b>: {status} {percent}٪ — مهلت {due}{late}\n   آخرین گزارش: {report}"
RESOLUTION_NO_REPORT = "هنوز گزارشی نرسیده"
RESOLUTION_DONE_ONLY = "انجام را در {date} اعلام کرد"
RESOLUTION_REPORT = "{date}: {text}"
RESOLUTION_HISTORY = "\nتاریخچه کامل: /history {meeting}/{number}"

# Ranking.
RANKING_HEADER = "🏅 <b>رتبه‌بندی دستگاه‌ها</b> — {period}"
RANKING_PERIOD_MONTH = "این ماه (از {since})"
RANKING_PERIOD_MEETING = "از جلسه {meeting} ({since})"
RANKING_PERIOD_ALL = "از ابتدا"
RANKING_LINE = (
    "{index}. {agency}: به‌موقع {rate}٪ ({on_time} از {decided}) — میانگین تأخیر {delay} روز{overdue}"
)
RANKING_OVERDUE = " — {count} معوق"
RANKING_EMPTY = "در این بازه موردی به مهلت نرسیده است."
RANKING_NOTE = "به‌موقع: انجام تا مهلت، از مواردی که انجام شده یا مهلتشان گذشته است."
BUTTON_PERIOD_MONTH = "این ماه"
BUTTON_PERIOD_MEETING = "از جلسه {meeting}"
BUTTON_PERIOD_ALL = "از ابتدا"
BAD_PERIOD = "بازه را مثل «/ranking ماه»، «/ranking جلسه ۱۹» یا «/ranking همه» بنویسید."

# Charts.
CHART_AGENCIES_TITLE = "پیشرفت مصوبات به تفکیک دستگاه"
CHART_MEETINGS_TITLE = "پیشرفت مصوبات به تفکیک جلسه"
CHART_DONE = "انجام‌شده"
CHART_OPEN = "در جریان"
CHART_OVERDUE = "معوق"
CHART_COUNT = "تعداد تکالیف"
CHART_MEETING = "جلسه {meeting}"
CHART_CAPTION = "📈 {title} — {today}"
# The chart's own title: the day on a line of its own (a chart of one meeting is narrow).
CHART_TITLE = "{title}\n{today}"
CHART_EMPTY = "هنوز مصوبه‌ای برای نمودار ثبت نشده است."

# Errors.
AGENCY_NOT_FOUND = "دستگاهی به نام «{name}» پیدا نشد."
AGENCY_WHICH = "منظورتان کدام دستگاه است؟"
MEETING_NOT_FOUND = "جلسه {meeting} ثبت نشده است."
RESOLUTION_NOT_FOUND = "مصوبه‌ای با شماره جلسه {meeting} و ردیف {number} ثبت نشده است."
OWN_AGENCY_ONLY = "شما فقط وضعیت موارد دستگاه خودتان را می‌بینید."
RESOLUTION_NOT_YOURS = "این مصوبه به دستگاه شما ارجاع نشده است."

# Reports (/export, peygir export), and the letters to the agencies (bot/texts/letters.py).
EXPORT_CHOOSE = "کدام گزارش را می‌خواهید؟{since}"
EXPORT_SINCE = " (از جلسه {meeting})"
BUTTON_XLSX = "📊 فایل اکسل (همه تکالیف)"
BUTTON_DOCX = "📄 فایل ورد (گزارش پیگیری)"
BUTTON_LETTERS = "📨 ابلاغیه دستگاه‌ها (فایل فشرده)"
EXPORT_CAPTION_XLSX = "📊 فهرست تکالیف — {today}"
EXPORT_CAPTION_DOCX = "📄 گزارش پیگیری مصوبات — {today}"
# The files' names in chat: the day as «۱۴۰۵-۰۸-۱۰» (a name holds no «/»).
EXPORT_FILE_XLSX = "فهرست تکالیف {day}.xlsx"
EXPORT_FILE_DOCX = "گزارش پیگیری مصوبات {day}.docx"
EXPORT_EMPTY = "هنوز مصوبه‌ای برای گزارش ثبت نشده است."
BAD_EXPORT = (
    "شماره جلسه را مثل «/export ۱۹» بنویسید (گزارش از آن جلسه به بعد، ابلاغیه همان جلسه)، "
    "یا بدون شماره برای همه."
)

XLSX_SHEET_ALL = "تکالیف"
XLSX_SHEET_AGENCIES = "خلاصه دستگاه‌ها"
XLSX_HEADERS = (
    "جلسه",
    "تاریخ جلسه",
    "ردیف",
    "متن مصوبه",
    "دستگاه",
    "وضعیت",
    "درصد پیشرفت",
    "مهلت",
    "تاریخ انجام",
    "تأخیر (روز)",
    "تاریخ آخرین گزارش",
    "آخرین گزارش",
)
XLSX_AGENCY_HEADERS = (
    "دستگاه",
    "کل تکالیف",
    "باز",
    "معوق",
    "انجام‌شده (اعلام یا تأیید)",
    "تأییدشده",
    "انجام به‌موقع",
    "نرخ به‌موقع (٪)",
    "میانگین پیشرفت (٪)",
)

DOCX_TITLE = "گزارش پیگیری مصوبات"
DOCX_MEETINGS = "جلسات {first} تا {last}"
DOCX_MEETING_ONE = "جلسه {meeting}"
DOCX_PREPARED = "تهیه‌شده در {today}"
DOCX_SUMMARY = (
    "مصوبات: {resolutions} — تکالیف: {assignments} — باز: {open} — معوق: {overdue} — انجام به‌موقع: {rate}"
)
DOCX_OPEN_PART = "الف) مصوبات باز (به جلسه بعد منتقل می‌شوند)"
DOCX_CLOSED_PART = "ب) مصوبات انجام‌شده"
DOCX_MEETING = "جلسه {meeting} — {held_on}"
DOCX_HEADERS = ("ردیف", "متن مصوبه", "دستگاه", "وضعیت", "مهلت", "آخرین گزارش")
DOCX_NONE = "موردی نیست."
DOCX_STATUS = "{status} ({percent}٪)"
DOCX_LATE = " — {days} روز تأخیر"
DOCX_REPORT = "{date}: {text}"
DOCX_DONE_ONLY = "انجام را در {date} اعلام کرد"
DOCX_NO_REPORT = "گزارشی نرسیده است"
# Shared by the report and the letters: a sub-item as in the minutes, and the page number in the footer
# ({page} and {pages} become the word processor's own fields).
SUB_ITEM_LINE = "{letter}) {item}"
DOCX_PAGE = "صفحه {page} از {pages}"

# The report's or the chart's worker ran out of memory or time (bot.heavy).
EXPORT_FAILED = "ساختن پرونده گزارش الان ممکن نشد؛ کمی بعد دوباره امتحان کنید."
CHART_FAILED = "کشیدن نمودار الان ممکن نشد؛ کمی بعد دوباره امتحان کنید."
