"""The demo's transcript: who is who, and the headings between parts of the scenario."""

from __future__ import annotations

TITLE = "پیگیر — نمایش گفت‌وگو با ربات روی شبیه‌ساز ({platform})"
SECRETARIAT = "مریم (دبیرخانه)"
REP = "نماینده {agency}"
GOVERNOR = "حسین (دفتر استاندار)"
STRANGER = "ناشناس"
BOT_SAID = "پیگیر"
BOT_EDITED = "پیگیر (ویرایش پیام)"

PART_STRANGER = "یک ناشناس به ربات پیام می‌دهد"
PART_SECRETARIAT = "دبیرخانه (شناسه‌اش در PEYGIR_ADMIN_IDS است) شروع می‌کند"
PART_INVITES = "دبیرخانه دعوت می‌فرستد و نمایندگان ثبت‌نام می‌کنند"
PART_ROLES = "هر کس فقط کارهای نقش خودش را می‌بیند"
PART_MINUTES = (
    "دبیرخانه صورتجلسه جلسه {held_on} را می‌فرستد و یک مصوبه را با فرم ثبت می‌کند؛ مصوبات به نمایندگان می‌رسد"
)
PART_PROGRESS = "نمایندگان دریافت را اعلام می‌کنند، گزارش می‌دهند و انجام را گزارش می‌کنند"
PART_EXTENSION = "شهرداری تمدید مهلت می‌خواهد و دبیرخانه موافقت می‌کند؛ دفتر استاندار تاریخچه را می‌بیند"
PART_REMINDERS = (
    "ساعت نمایش به {when} می‌رود: یادآوری موارد معوق، گزارش به دفتر استاندار و دبیرخانه، و گزارش هفتگی؛"
    " دفتر استاندار موارد معوق را می‌بیند"
)
PART_STATUS = "دفتر استاندار وضعیت را می‌بیند؛ نماینده فقط دستگاه خودش را؛ نمودار و گزارش جلسه بعد"
SHOWN_PHOTO = "🖼 تصویر ({size} بایت)"
SHOWN_DOCUMENT = "📎 {name} ({size} بایت)"
NO_FILE = "ربات به {who} پرونده یا تصویری نفرستاد."
PART_MEMBERS = "دبیرخانه اعضا و دستگاه‌ها را مدیریت می‌کند"

STEP_FAILED = "پاسخ ربات به {who} آن‌طور که باید نبود: نیامد {missing}، نباید می‌آمد {present}"
NO_ANSWER = "ربات به فشردن دکمه پاسخی نداد."
ARRIVED = "به {who} رسید:"
TOO_FEW_ARRIVED = "به {who} {arrived} پیام{marker} رسید، نه {count}."
WITH_MARKER = " با «{marker}»"
NO_LINK = "در پاسخ ربات لینک دعوتی نبود."
NO_REMINDER_MORNING = "در {days} روز آینده صبحی نبود که یادآوری و گزارش موارد معوق را نشان دهد."
FAILED = "✗ نمایش ناتمام ماند: {reason}"
DONE = "✓ نمایش کامل شد: {steps} گام، همه همان‌طور که باید."
