"""Texts of the inbox: a message that waits for the database, another bot on the same token."""

# A transient database fault: the message is kept and handled again shortly (said once per message).
DELAYED = "پیام شما دریافت شد؛ به‌دلیل یک اختلال موقت، کمی دیرتر رسیدگی می‌شود. نیازی به ارسال دوباره نیست."
# The platform refused to deliver updates because another program polls with the same token (409).
CONFLICT = (
    "برنامه دیگری با همین توکن ربات پیام‌ها را دریافت می‌کند (پاسخ ۴۰۹ پیام‌رسان). "
    "فقط یک نسخه از ربات را اجرا کنید."
)
# Polling refused because a webhook is set for the token (409 from the platform).
WEBHOOK_SET = (
    "برای این ربات وب‌هوک تنظیم شده است و پیام‌رسان دریافت دوره‌ای (polling) را نمی‌پذیرد (پاسخ ۴۰۹). "
    "ربات را با --webhook اجرا کنید، یا اگر نسخه‌های وب‌هوکی دیگر کار نمی‌کنند با --delete-webhook."
)
# The message's work was saved, but the answer to it could not be made or sent (a passing fault).
RECORDED = "پیام شما ثبت شد؛ پاسخ آن به‌دلیل یک اختلال موقت آماده نشد. نیازی به ارسال دوباره نیست."
