"""What the minutes importer tells people: why a file was refused, and what to check in a parsed one.

Placeholders are filled with ``str.format``; numbers arrive already in Persian digits. A row is named
with ``row_label()`` so that every message about a row starts the same way.
"""

from __future__ import annotations

from bot.domain.persian import fa
from bot.domain.persian import quote as quote  # a cell's text, shortened for a message

# Refusals (MinutesError): one line each.
EMPTY_FILE = "پرونده خالی است."
BINARY_FILE = (
    "پرونده متنی نیست (محتوای دودویی دارد)؛ صورتجلسه را به صورت Word (.docx)، PDF، متن یا HTML بفرستید."
)
UNDECODABLE = "متن پرونده خوانده نشد (کدگذاری ناشناخته)؛ آن را با کدگذاری UTF-8 ذخیره کنید."
DOCX_NOT_ZIP = "پرونده .docx سالم نیست (قالب Word نیست یا آسیب دیده است)."
DOCX_NOT_WORD = "پرونده .docx سند Word نیست."
DOCX_TOO_LARGE = "پرونده Word بیش از اندازه بزرگ است."
HTML_TOO_DEEP = "پرونده HTML صورتجلسه نیست (ساختار آن بیش از اندازه تودرتو است)."
FILE_TOO_LARGE = "پرونده بیش از اندازه بزرگ است ({size} مگابایت؛ حداکثر {limit} مگابایت)."
UNSUPPORTED_EXTENSION = "قالب «{ext}» پشتیبانی نمی‌شود؛ قالب‌های پذیرفته: .docx، .pdf، .txt، .md و .html."
UNSUPPORTED_DOC = "قالب قدیمی Word (.doc) پشتیبانی نمی‌شود؛ پرونده را در Word با قالب .docx ذخیره کنید."
PDF_NO_TEXT = (
    "این PDF متنی ندارد و تصویر اسکن‌شده است؛ خواندن تصویر (OCR) پشتیبانی نمی‌شود. "
    "نسخه Word (.docx) یا PDFی را که از Word ذخیره شده بفرستید."
)
PDF_UNREADABLE = "PDF خوانده نشد (آسیب‌دیده یا رمزدار است)."
PDF_LINE_TOO_LONG = "این PDF صورتجلسه به نظر نمی‌رسد: سطری با بیش از {limit} نویسه دارد."
PDF_TOO_MANY_PAGES = "این PDF بیش از {limit} صفحه دارد؛ صورتجلسه‌ای به این بلندی خوانده نمی‌شود."
NO_TABLE = "جدول مصوبات در پرونده پیدا نشد (ستون‌های «ردیف»، «مصوبات»، «اقدام کننده» و «زمان اقدام»)."

# Problems with the meeting as a whole.
MEETING_NUMBER_MISSING = "شماره جلسه (مثلاً «نوزدهمین») در سربرگ پیدا نشد."
MEETING_DATE_MISSING = "تاریخ تشکیل جلسه پیدا نشد؛ مهلت‌های نسبی بدون تاریخ جلسه محاسبه نمی‌شوند."
MEETING_DATE_INVALID = "تاریخ تشکیل جلسه «{raw}» تاریخ معتبری نیست."
MEETING_DATE_MISMATCH = "تاریخ تشکیل ({held_on}) با تاریخ سرستون مصوبات ({other}) یکی نیست."
NUMBERING_DUPLICATE = "شماره ردیف {number} بیش از یک بار آمده است."
NUMBERING_MISSING = "ردیف {numbers} در جدول نیست؛ شماره‌گذاری ردیف‌ها را بررسی کنید."
NUMBERING_ORDER = "ردیف {number} پس از ردیف {previous} آمده است؛ ترتیب ردیف‌ها را بررسی کنید."
NUMBER_RANGE = "{first} تا {last}"
STRAY_TEXT = "متنی میان ردیف‌های جدول بیرون از جدول آمده و نادیده گرفته شد: «{text}»"

# Problems with one row (each message starts with row_label()).
ROW_NUMBER_UNREAD = "{row}: شماره ردیف خوانده نشد."
ROW_STARTS_WITHOUT_NUMBER = "{row}: نخستین سطر جدول شماره ردیف ندارد؛ به عنوان مصوبه‌ای جدا خوانده شد."
ROW_NO_TEXT = "{row}: متن مصوبه خالی است."
ROW_NO_PARTY = "{row}: اقدام کننده نوشته نشده است."
ROW_NO_DEADLINE = "{row}: زمان اقدام نوشته نشده است."
ROW_DEADLINE_UNKNOWN = '{row}: زمان اقدام خوانده نشد: "{raw}"'
ROW_DEADLINE_BEFORE_MEETING = '{row}: زمان اقدام "{raw}" پیش از تاریخ جلسه است؛ لطفاً بررسی کنید.'
ROW_EXTRA_DEADLINE = '{row}: بیش از یک زمان اقدام؛ "{kept}" در نظر گرفته شد و "{other}" نه.'
ROW_EXTRA_CELL = '{row}: خانه‌ای اضافه در ردیف به عنوان اقدام کننده خوانده شد: "{text}"'
ROW_NOTE_BY_PLACE = (
    '{row}: خانه پس از زمان اقدام، ملاحظات مصوبه در نظر گرفته شد نه اقدام کننده (جدول سرستون ندارد): "{text}"'
)
ROW_TEXT_BY_LENGTH = (
    "{row}: متن مصوبه و اقدام کننده فقط از روی طول خانه‌ها از هم جدا شدند (سرستون یا عبارتی مانند"
    " «مقرر گردید» نبود)؛ بررسی کنید که جای آن‌ها عوض نشده باشد."
)

ROW = "ردیف {number}"
ROW_WITHOUT_NUMBER = "مصوبه {position} جدول (بی‌شماره)"


def row_label(number: int | None, position: int) -> str:
    """«ردیف ۳», or for a row whose number was not read «مصوبه ۴ جدول (بی‌شماره)» (position from 1)."""
    if number is not None:
        return ROW.format(number=fa(number))
    return ROW_WITHOUT_NUMBER.format(position=fa(position))


# A file whose reading took more memory or time than a worker has (bot.heavy): a zip bomb, not minutes.
TOO_HEAVY = "خواندن این پرونده بیش از اندازه حافظه یا زمان می‌خواهد (شاید پس از باز شدن بسیار بزرگ است)."


# One agency's row of a resolution written as a row per agency (its number and text merged down), named
# in a problem with its own deadline: «ردیف ۳ (فرمانداری)».
ROW_AGENCIES = "{row} ({parties})"
# A header cell that names no known column: its cells are left out of every field.
UNKNOWN_COLUMN = "ستون «{column}» شناخته نشد؛ {count} خانه آن در هیچ بخشی از مصوبه خوانده نشد."

# Two places in a minutes' header that disagree: the more authoritative one is taken (issue 15).
MEETING_DATE_CONFLICT = (
    "تاریخ جلسه در سربرگ ({held_on}) با تاریخ متن صورتجلسه ({other}) یکی نیست؛ تاریخ سربرگ در نظر گرفته شد."
)
MEETING_DATE_FROM_LETTER = (
    "تاریخ تشکیل جلسه پیدا نشد و تاریخ سربرگ ({held_on}) در نظر گرفته شد؛ اگر جلسه روز دیگری بوده، آن را"
    " در صورتجلسه بنویسید («تاریخ جلسه: …»)."
)
MEETING_NUMBER_CONFLICT = (
    "شماره جلسه در عنوان ({number}) با شماره متن صورتجلسه ({other}) یکی نیست؛ شماره عنوان در نظر گرفته شد."
)
