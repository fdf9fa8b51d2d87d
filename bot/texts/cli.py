"""Texts of the command line and of the tracker services' refusals (Persian, short, polite).

Placeholders are filled with ``str.format``; numbers are passed already in Persian digits where the
template says so (``bot.domain.persian.fa()`` does it).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain.persian import fa, no_space_key, persian_list
from bot.texts import push as push_texts

# Errors (one line each, on stderr, exit status 2).
ERROR_PREFIX = "خطا: "
FILE_NOT_FOUND = "پرونده «{path}» پیدا نشد."
EXPORT_NEEDS_FILE = "بگویید کجا نوشته شود: فایل اکسل با --xlsx FILE، فایل ورد با --docx FILE، یا هر دو."
FOLDER_NOT_FOUND = "پوشه «{path}» وجود ندارد."
EXPORT_WRITTEN = "نوشته شد: {path} ({rows} تکلیف)"
EXPORT_FAILED = "{kind} ساخته نشد ({detail})؛ چیزی نوشته نشد."
# The files by the names people know them by.
EXPORT_KINDS = {"xlsx": "فایل اکسل (همه تکالیف)", "docx": "فایل ورد (گزارش پیگیری)"}
BAD_MEETING_NUMBER = "شماره جلسه «{value}» عدد درستی نیست."
BACKUP_EXISTS = "پرونده «{path}» از قبل وجود دارد؛ پشتیبان روی پرونده موجود نوشته نمی‌شود."
BACKUP_NOT_SQLITE = (
    "پشتیبان‌گیری با این فرمان فقط برای پایگاه داده SQLite است؛ برای PostgreSQL از pg_dump استفاده کنید."
)
BACKUP_NO_FOLDER = "پوشه «{path}» وجود ندارد؛ پشتیبان در پوشه‌ای موجود ذخیره می‌شود."
DATABASE_FAILED = (
    "پایگاه داده در دسترس نیست یا درخواست را نپذیرفت ({kind})؛ تنظیم PEYGIR_DATABASE_URL را بررسی کنید."
)
OS_FAILED = "خواندن یا نوشتن پرونده ممکن نشد: {detail}"
BACKUP_NO_DATABASE = "پایگاه داده‌ای برای پشتیبان‌گیری پیدا نشد؛ هنوز چیزی ثبت نشده است."
AGENCY_NAME_EMPTY = "نام دستگاه خالی است."
NAME_TOO_LONG = "نام دستگاه یا نام دیگر آن بلندتر از {most} نویسه است؛ کوتاه‌ترش کنید."
ALIAS_EMPTY = "نام دیگر خالی است."
AGENCY_EXISTS = "دستگاه «{name}» قبلاً ثبت شده است."
ALIAS_EXISTS = "نام دیگر «{alias}» قبلاً برای یک دستگاه ثبت شده است."
NAME_TAKEN = "«{name}» همان «{existing}» است که قبلاً ثبت شده است."
AGENCY_UNKNOWN = "دستگاهی به نام «{name}» ثبت نشده است."
IMPORT_NO_MEETING_NUMBER = "شماره جلسه در صورتجلسه پیدا نشد؛ چیزی ثبت نشد."
IMPORT_NO_MEETING_DATE = "تاریخ تشکیل جلسه در صورتجلسه پیدا نشد؛ چیزی ثبت نشد."
IMPORT_NO_RESOLUTIONS = "در صورتجلسه مصوبه‌ای پیدا نشد؛ چیزی ثبت نشد."
IMPORT_UNNUMBERED_ROWS = "شماره ردیف {count} مصوبه خوانده نشد؛ چیزی ثبت نشد."
IMPORT_UNMATCHED = (
    "{count} اقدام‌کننده با هیچ دستگاه ثبت‌شده‌ای تطبیق نیافت؛ چیزی ثبت نشد. "
    "دستگاه یا نام دیگر آن را ثبت کنید، یا با --allow-unmatched بقیه را ثبت کنید."
)
IMPORT_MEETING_DATE_CONFLICT = "جلسه {number} قبلاً با تاریخ دیگری ثبت شده است؛ چیزی ثبت نشد."
IMPORT_RESOLUTION_CONFLICT = (
    "ردیف {number} جلسه {meeting} قبلاً با متن، مهلت یا اقدام‌کنندگان دیگری ثبت شده است؛ چیزی ثبت نشد."
)
IMPORT_REPEATED_ROWS = "شماره ردیف {rows} در این صورتجلسه تکرار شده است؛ چیزی ثبت نشد."
CONFIG_ERROR = "تنظیمات نادرست است: {detail}"


def fa_list(values: list[int]) -> str:
    """Numbers as a Persian list: «۲، ۵، ۷»."""
    return persian_list(fa(v) for v in values)


def render_party_problem(resolution: int, party: str, suggestions: Sequence[str]) -> str:
    """One line about a party that did not match an agency, with the closest names if any."""
    if not party:
        return f"ردیف {fa(resolution)}: اقدام‌کننده‌ای ندارد."
    line = f"ردیف {fa(resolution)}: «{party}»"
    if suggestions:
        names = persian_list(f"«{name}»" for name in suggestions)
        return f"{line} — منظور {names} است؟"
    return f"{line} — دستگاهی با این نام ثبت نشده است."


# Import summary: «صورتجلسه «…» — جلسه ۳۰ …», the word once even when the title says it already.
PARSED_HEADER = "{title} — جلسه {number} مورخ {date}: {count} مصوبه"
MINUTES_WORD = "صورتجلسه"
MINUTES_TITLED = "صورتجلسه «{title}»"


def parsed_header(title: str, number: str, date: str, count: str) -> str:
    """The first line of an import's preview. A title that already names itself «صورتجلسه» (or «صورت
    جلسه», «صورت‌جلسه») is quoted alone, any other after the word, and no title leaves the word alone."""
    if not title:
        label = MINUTES_WORD
    elif no_space_key(MINUTES_WORD) in no_space_key(title):
        label = f"«{title}»"
    else:
        label = MINUTES_TITLED.format(title=title)
    return PARSED_HEADER.format(title=label, number=number, date=date, count=count)


UNKNOWN_NUMBER = "نامعلوم"
UNKNOWN_DATE = "تاریخ نامعلوم"
RESOLUTION_LINE = "ردیف {number} — {parties} — مهلت: {deadline}"
DEADLINE_ONGOING = "مستمر"
DEADLINE_UNKNOWN = "نامعلوم («{raw}»)؛ لطفاً مهلت را مشخص کنید"
ITEMS_COUNT = "  {count} بند"
AGENCY_DEADLINE_LINE = "  مهلت {parties}: {deadline}"
NOTE_LINE = "  ملاحظات: {note}"
PROBLEM_LINE = "  ⚠ {problem}"
DRY_RUN_NOTE = "چیزی ثبت نشد؛ برای ثبت، فرمان را با --commit اجرا کنید."
COMMIT_MEETING_CREATED = "جلسه {number} ثبت شد."
COMMIT_MEETING_EXISTS = "جلسه {number} از قبل ثبت شده بود."
COMMIT_RESOLUTIONS = "مصوبات ثبت‌شده: {created}؛ از قبل موجود: {existing}."
COMMIT_ASSIGNMENTS = "تکالیف دستگاه‌ها ثبت‌شده: {created}؛ از قبل موجود: {existing}."
COMMIT_NOTHING_NEW = "این صورتجلسه پیش‌تر کامل ثبت شده بود؛ چیز تازه‌ای ثبت نشد."
COMMIT_UNMATCHED_HEADER = "اقدام‌کنندگانی که ثبت نشدند (دستگاه را ثبت و دوباره وارد کنید):"
COMMIT_UNKNOWN_DEADLINES = "ردیف‌هایی که مهلتشان خوانده نشد: {rows}"

# Agencies.
AGENCY_ADDED = "دستگاه «{name}» ثبت شد."
AGENCY_ALIAS_ADDED = "نام دیگر «{alias}» برای «{name}» ثبت شد."
AGENCY_LIST_EMPTY = "هنوز دستگاهی ثبت نشده است."
AGENCY_LINE = "{index}. {name}{aliases}{inactive}"
AGENCY_ALIASES = " (نام‌های دیگر: {aliases})"
AGENCY_INACTIVE = " — غیرفعال"

# Status.
STATUS_EMPTY = "هنوز تکلیفی ثبت نشده است."
STATUS_HEADER = "وضعیت مصوبات — {today}"
STATUS_TOTALS = "مصوبات: {resolutions}؛ تکالیف: {assignments}؛ معوق: {overdue}"
STATUS_BY_STATUS = "بر پایه وضعیت: {parts}"
STATUS_AGENCIES = "دستگاه‌ها (بیشترین تأخیر در بالا):"
STATUS_AGENCY_LINE = "  {name}: باز {open}، معوق {overdue}، انجام‌شده {done}"
STATUS_ASSIGNMENTS = "تکالیف:"
STATUS_ASSIGNMENT_LINE = (
    "  جلسه {meeting} ردیف {resolution} — {agency} — {status} {percent}٪ — مهلت {due}{overdue}"
)
STATUS_OVERDUE = " — {days} روز تأخیر"
STATUS_LAST_REPORT = " — آخرین گزارش {date}"
# The same words as in chat and in the reports.
STATUS_NAMES = push_texts.STATUS_NAMES

# Database and backup.
DB_UPGRADED = "پایگاه داده به‌روز است."
BACKUP_DONE = "پشتیبان در «{path}» ذخیره شد."

# Demo.
INVITE_NEEDS_AGENCY = "برای دعوت نماینده، نام دستگاه را بنویسید (یا --role governor|secretariat)."
INVITE_NEEDS_USERNAME = "نام کاربری ربات معلوم نیست؛ PEYGIR_BOT_USERNAME یا PEYGIR_BOT_TOKEN را تنظیم کنید."
INVITE_GETME_FAILED = "نام کاربری ربات از پیام‌رسان گرفته نشد ({error})؛ PEYGIR_BOT_USERNAME را تنظیم کنید."
INVITE_MADE = "لینک دعوت {whom}: {uses} بار قابل استفاده، معتبر تا {expires}."
BOT_NEEDS_TOKEN = "PEYGIR_BOT_TOKEN تنظیم نشده است؛ برای آزمودن بدون توکن: peygir demo"
BOT_TOKEN_REJECTED = "پیام‌رسان توکن ربات را نپذیرفت؛ PEYGIR_BOT_TOKEN را بررسی کنید."
PLATFORM_UNREACHABLE = "پیام‌رسان در دسترس نیست ({kind})؛ اینترنت یا PEYGIR_PROXY_URL را بررسی کنید."
BOT_RUNNING = "ربات @{username} روی {platform} در حال کار است؛ برای توقف Ctrl+C."
BOT_RUNNING_WEBHOOK = "ربات @{username} روی {platform} با وب‌هوک در حال کار است؛ برای توقف Ctrl+C."
WEBHOOK_NEEDS_SETTINGS = (
    "برای --webhook نشانی عمومی (PEYGIR_WEBHOOK_URL) و رمز مسیر (PEYGIR_WEBHOOK_SECRET) را تنظیم کنید."
)
WEBHOOK_LISTEN_FAILED = "گوش دادن روی {address} ممکن نشد: {detail}"
BOT_STOPPED = "ربات متوقف شد."
COMMIT_PUSHES = "پیام برای نمایندگان در صف ارسال: {count}"
COMMIT_NO_REPRESENTATIVE = "بدون نماینده ثبت‌شده (پس از ثبت‌نام نماینده فرستاده می‌شود): {agencies}"

# peygir reminders preview|sweep
BAD_AT = "زمان «{value}» خوانده نشد؛ به شکل «1401/10/14 09:30» (تاریخ شمسی و ساعت تهران) بنویسید."
REMINDERS_PREVIEW = "پیش‌نمایش یادآوری‌ها در {at}: {count} پیام (چیزی فرستاده نشد)"
REMINDERS_SWEPT = "یادآوری‌های {at}: {count} پیام در صف ارسال"
REMINDERS_NONE = "پیامی نیست (روز تعطیل، ساعات سکوت، یا موردی سررسید نشده است)."
REMINDER_LINE = "{kind} — جلسه {meeting} ردیف {number} — {agency} → {member}"
REMINDER_KINDS = {
    "before_due": "پیش از مهلت",
    "due_today": "روز مهلت",
    "overdue": "معوق",
    "checkin": "پیگیری دوره‌ای",
    "escalation": "گزارش به مقام بالاتر",
}
