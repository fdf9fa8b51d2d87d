"""How a resolution is named in one line (lists, reminders, escalations, the timeline's header).

Plain text: the line is a value that the templates around it escape for the platform.
"""

from __future__ import annotations

# A lead-in («مقرر گردید: شهرداری کمالشهر :») and its first sub-item on one line.
LEAD_IN_AND_ITEM = "{lead}: {item}"
# After the first sub-item: how many more the resolution has.
MORE_ITEMS = " (و {count} بند دیگر)"
# After a text whose sub-items are not shown: how many it has.
ITEMS_COUNT = " ({count} بند)"
