"""/new_resolution: the one-message form, the wizard and the preview."""

from __future__ import annotations

CMD_NEW_RESOLUTION = "ثبت مصوبه تازه (فرم یک‌پیامی یا گام‌به‌گام)"
FORM_HELP = (
    "برای ثبت یک مصوبه در یک پیام، این فرم را بفرستید (بندها اختیاری است):\n"
    "/new_resolution\n"
    "جلسه: ۳۱\n"
    "متن: مقرر گردید روشنایی معابر شهرک امیرالمومنین تأمین شود.\n"
    "بندها:\n"
    "الف - نصب چراغ‌ها\n"
    "ب - گزارش به دبیرخانه\n"
    "اقدام کننده: شهرداری کمالشهر، فرمانداری کرج\n"
    "مهلت: ۲ هفته\n"
    "جلسه تازه را با تاریخش بنویسید: «جلسه: ۳۲ ۱۴۰۵/۰۸/۰۱». "
    "اگر /new_resolution را تنها بفرستید، گام‌به‌گام پرسیده می‌شود."
)
FORM_MISSING = "در فرم «{field}» نیامده است."
FIELD_NAMES = {"meeting": "جلسه", "text": "متن", "agencies": "اقدام کننده", "deadline": "مهلت"}
BAD_MEETING = "شماره جلسه را به عدد بنویسید، و برای جلسه تازه تاریخش را هم: «۳۲ ۱۴۰۵/۰۸/۰۱»."
NEW_MEETING_NEEDS_DATE = (
    "جلسه {meeting} هنوز ثبت نشده است؛ تاریخ تشکیل آن را هم بنویسید: «{meeting} ۱۴۰۵/۰۸/۰۱»."
)
MEETING_DATE_CONFLICT = "جلسه {meeting} با تاریخ {held_on} ثبت شده است، نه {given}."
TEXT_EMPTY = "متن مصوبه خالی است."
TEXT_TOO_LONG = "متن مصوبه {length} نویسه است؛ بیشترین {most} نویسه است. کوتاه‌ترش کنید."
TOO_MANY_ITEMS = "بیش از {most} بند نمی‌شود."
NO_AGENCY = "دست‌کم یک دستگاه اقدام کننده لازم است."
DEADLINE_UNKNOWN = "مهلت «{raw}» را نفهمیدم. مثلاً «۲ هفته»، «یک ماه»، «مستمر» یا تاریخی مثل «۱۴۰۵/۰۹/۲۰»."
DEADLINE_PAST = "مهلت {due} گذشته است؛ مهلتی بعد از امروز بنویسید."
AGENCY_UNKNOWN = "دستگاه «{party}» شناخته نشد."
AGENCY_AMBIGUOUS = "«{party}» با چند دستگاه جور است."
AGENCY_PICK = "کدام را می‌گویید؟ یا آن را به‌عنوان دستگاه تازه ثبت کنید."
BUTTON_CREATE_AGENCY = "➕ ثبت «{party}» به‌عنوان دستگاه تازه"

# The wizard.
ASK_MEETING = (
    "مصوبه برای کدام جلسه است؟ یکی را بزنید، یا شماره و تاریخ جلسه تازه را بنویسید: «۳۲ ۱۴۰۵/۰۸/۰۱».\n"
    "برای لغو: /cancel"
)
ASK_NEW_MEETING = "شماره و تاریخ جلسه تازه را بنویسید، مثلاً «۳۲ ۱۴۰۵/۰۸/۰۱».\nبرای لغو: /cancel"
BUTTON_MEETING = "جلسه {meeting} ({held_on})"
BUTTON_NEW_MEETING = "➕ جلسه تازه"
ASK_TEXT = "متن مصوبه جلسه {meeting} را بنویسید.\nبرای لغو: /cancel"
ASK_ITEMS = "اگر مصوبه بند دارد، هر بند را در یک خط بنویسید؛ وگرنه «بدون بند» را بزنید."
BUTTON_NO_ITEMS = "بدون بند"
ASK_AGENCY = (
    "دستگاه اقدام کننده را بنویسید (بخشی از نامش کافی است). چند دستگاه را یکی‌یکی بفرستید، "
    "و در پایان «ادامه» را بزنید."
)
AGENCY_ADDED = "افزوده شد: {chosen}\nدستگاه دیگری را بنویسید یا «ادامه» را بزنید."
AGENCY_SUGGEST = "دستگاه «{party}» دقیقاً پیدا نشد؛ کدام را می‌گویید؟"
BUTTON_ALL_AGENCIES = "همه دستگاه‌ها"
BUTTON_CONTINUE = "ادامه ◀️"  # forward, in a right-to-left chat
ALL_AGENCIES = "کلیه دستگاه‌های اجرایی"
ASK_DEADLINE = "مهلت اقدام را بزنید، یا تاریخی مثل «۱۴۰۵/۰۹/۲۰» بنویسید."
DEADLINE_BUTTONS = ("۱ هفته", "۲ هفته", "۳ هفته", "یک ماه", "مستمر")
PREVIEW = (
    "<b>پیش‌نمایش مصوبه</b>\n"
    "جلسه {meeting} ({held_on})، ردیف {number}\n\n"
    "{text}{items}\n\n"
    "اقدام کننده: {agencies}\n"
    "مهلت: {due}"
)
BUTTON_CONFIRM = "✅ ثبت و ارسال"
BUTTON_EDIT = "✏️ ویرایش"
BUTTON_CANCEL = "✖️ لغو"
CREATED = "مصوبه جلسه {meeting} ردیف {number} ثبت شد و برای {pushes} نماینده در صف ارسال است."
DISCARDED = "مصوبه ثبت نشد."
