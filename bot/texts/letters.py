"""The notification letter to each agency (ابلاغیه) after a meeting, written by `peygir letters` and sent
as one ZIP under /export; and the defaults of the letterhead's settings (bot/config.py).

Placeholders are filled with ``str.format``; numbers and dates arrive already in Persian digits."""

from __future__ import annotations

# The settings' defaults (PEYGIR_COUNCIL_NAME, PEYGIR_SECRETARIAT_TITLE, PEYGIR_LETTER_SIGNATORY_POSITION).
DEFAULT_COUNCIL_NAME = "قرارگاه اجتماعی استان"
DEFAULT_SECRETARIAT_TITLE = "دبیرخانه قرارگاه اجتماعی استان"
DEFAULT_SIGNATORY_POSITION = "دبیر قرارگاه اجتماعی استان"

# The letter, top to bottom. «شماره» and «پیوست» are left for the secretariat's registry to fill in.
LETTER_INVOCATION = "بسمه تعالی"
LETTER_NUMBER = "شماره: ........................"
LETTER_DATE = "تاریخ: {date}"
LETTER_ATTACHMENT = "پیوست: ........................"
LETTER_TO = "به: {agency}"
LETTER_SUBJECT = "موضوع: ابلاغ مصوبات جلسه {meeting} مورخ {held_on}"
LETTER_GREETING = "با سلام و احترام،"
LETTER_BODY = (
    "بدین‌وسیله مصوبات جلسه {meeting} {council} مورخ {held_on} که اقدام آن بر عهده آن دستگاه است، "
    "به شرح جدول زیر جهت اجرا ابلاغ می‌گردد."
)
LETTER_HEADERS = ("ردیف", "متن مصوبه", "مهلت اقدام")
LETTER_PARTNERS = "با همکاری: {agencies}"
LETTER_PARTNERS_MORE = "{agencies} و {count} دستگاه دیگر"
LETTER_CLOSING = (
    "خواهشمند است دستور فرمایید گزارش پیشرفت هر مصوبه تا پایان مهلت آن از طریق {bot} به دبیرخانه اعلام شود."
)
LETTER_BOT_LINK = "ربات پیگیر به نشانی {link}"
LETTER_BOT_NO_LINK = "«ربات پیگیر»"

# Files: each letter, and the ZIP the chat sends (the platforms and the simulator take Persian names).
LETTER_FILE = "ابلاغیه جلسه {meeting} - {agency}.docx"
LETTERS_ZIP = "ابلاغیه‌های جلسه {meeting}.zip"
# A name made of nothing a file name may hold.
AGENCY_UNNAMED = "دستگاه"

# In chat (/export, then the letters' button) and on the command line.
LETTERS_CAPTION = "📨 ابلاغیه‌های جلسه {meeting} ({held_on}) برای {count} دستگاه{latest}"
LETTERS_LATEST = " — آخرین جلسه ثبت‌شده"
NO_MEETINGS = "هنوز جلسه‌ای ثبت نشده است."
NOTHING_ASSIGNED = "در جلسه {meeting} مصوبه‌ای به دستگاهی ارجاع نشده است؛ ابلاغیه‌ای ساخته نشد."
LETTERS_FAILED = "ساختن ابلاغیه‌ها الان ممکن نشد؛ کمی بعد دوباره امتحان کنید."
LETTERS_WRITTEN = "ابلاغیه‌های جلسه {meeting} ({held_on}) برای {count} دستگاه{latest} در «{folder}» نوشته شد:"
LETTERS_FILE_LINE = "  {name}"
LETTERS_NOT_A_FOLDER = "«{path}» پوشه نیست؛ ابلاغیه‌ها در پوشه نوشته می‌شوند."
LETTERS_EXIST = (
    "{count} پرونده از این ابلاغیه‌ها در «{folder}» از قبل هست ({names})؛ چیزی نوشته نشد. "
    "پوشه دیگری بدهید یا آن پرونده‌ها را بردارید."
)
