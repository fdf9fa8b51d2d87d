"""/history: a resolution's timeline."""

from __future__ import annotations

CMD_HISTORY = "تاریخچه یک مصوبه: /history ۳۱/۳"
USAGE = "شماره جلسه و ردیف را بنویسید، مثلاً: /history ۳۱/۳"
BAD_REFERENCE = "شماره جلسه و ردیف را مثل «۳۱/۳» بنویسید."
NOT_FOUND = "مصوبه‌ای با شماره جلسه {meeting} و ردیف {number} ثبت نشده است."
HEADER = "<b>تاریخچه جلسه {meeting} ردیف {number}</b>\n{text}\n"
LINE = "• {when} — {event}{who}"
WHO = " ({value})"
ATTACHMENTS = " (با {count} پیوست)"
ONGOING = "مستمر"
NO_DUE = "نامشخص"
EVENTS = {
    "resolution.create": "ثبت مصوبه",
    "assignment.create": "ارجاع به «{agency}»، مهلت {due}",
    "assignment.acknowledge": "«{agency}» دریافت کرد",
    "progress.report": "گزارش «{agency}»، پیشرفت {percent}٪: {text}{attachments}",
    "assignment.done_reported": "«{agency}» انجام را گزارش کرد",
    "assignment.verify": "دبیرخانه انجام «{agency}» را تأیید کرد",
    "assignment.send_back": "دبیرخانه کار «{agency}» را بازگرداند: {reason}",
    "extension.request": "«{agency}» تمدید مهلت تا {due} خواست: {reason}",
    "extension.approve": "مهلت «{agency}» تا {due} تمدید شد",
    "extension.deny": "درخواست تمدید «{agency}» رد شد: {reason}",
}
OTHER_EVENT = "«{agency}»: {action}"
