"""What the people services say when they refuse: invites, registration, members (Persian, short)."""

from __future__ import annotations

ACCESS_DENIED = "این کار فقط از دبیرخانه قرارگاه برمی‌آید."

# Invites.
INVITE_AGENCY_NEEDED = "برای دعوت نماینده، نام دستگاه را بنویسید؛ مثلاً: /invite شهرداری کمالشهر"
INVITE_NO_AGENCY_FOR_ROLE = "دعوت دفتر استاندار یا دبیرخانه به نام دستگاهی نیاز ندارد."
INVITE_AGENCY_UNKNOWN = "دستگاهی به نام «{name}» ثبت نشده است؛ فهرست دستگاه‌ها: /agencies"
INVITE_AGENCY_AMBIGUOUS = "منظور کدام دستگاه است؟ نام کامل‌تری بنویسید."
INVITE_AGENCY_INACTIVE = "دستگاه «{name}» غیرفعال است."
INVITE_BAD_USES = "تعداد دفعات استفاده باید از ۱ تا {most} باشد."
INVITE_BAD_DAYS = "مدت اعتبار لینک باید از ۱ تا {most} روز باشد."

# Registration.
TOKEN_UNKNOWN = "این لینک دعوت معتبر نیست. لطفاً لینک را کامل باز کنید یا از دبیرخانه لینک تازه بگیرید."
TOKEN_USED_UP = "این لینک دعوت قبلاً استفاده شده است. از دبیرخانه لینک تازه بگیرید."
TOKEN_EXPIRED = "مهلت این لینک دعوت تمام شده است. از دبیرخانه لینک تازه بگیرید."
TOO_MANY_ATTEMPTS = "چند لینک نادرست پشت سر هم فرستادید؛ لطفاً یک ساعت دیگر دوباره امتحان کنید."

# Members.
MEMBER_UNKNOWN = "این عضو پیدا نشد."
MEMBER_ALREADY_INACTIVE = "عضویت {name} از قبل غیرفعال است."
MEMBER_NOT_SELF = "نمی‌توانید عضویت خودتان را غیرفعال کنید."
MEMBER_LAST_SECRETARIAT = "{name} آخرین عضو فعال دبیرخانه است؛ پیش از غیرفعال کردنش عضو دیگری دعوت کنید."
MEMBER_NOT_AGENCY = "فقط نماینده دستگاه را می‌توان به دستگاه دیگری منتقل کرد."
MEMBER_SAME_AGENCY = "{name} همین حالا نماینده «{agency}» است."
MEMBER_INACTIVE = "عضویت {name} غیرفعال است."
AGENCY_ID_UNKNOWN = "این دستگاه پیدا نشد یا غیرفعال است."

# Assignments (what an agency's representative does with an item).
ACCESS_AGENCY_ONLY = "این کار فقط از نماینده دستگاه مسئول برمی‌آید."
ASSIGNMENT_NOT_YOURS = "این مصوبه به دستگاه شما مربوط نیست یا دیگر وجود ندارد."
ASSIGNMENT_CLOSED = "این مورد بسته شده است و گزارش تازه نمی‌پذیرد."
REPORT_EMPTY = "متن گزارش خالی است؛ چند کلمه از کار انجام‌شده بنویسید."
REPORT_TOO_LONG = "گزارش بلندتر از {most} نویسه است؛ کوتاه‌ترش کنید یا در چند پیام بفرستید."
REPORT_BAD_PERCENT = "درصد پیشرفت باید از ۰ تا ۱۰۰ باشد."
