"""The council's rules as pure functions and values: Persian text, the Jalali calendar, working days,
number words, deadlines, agency names, assignment statuses and the rules on them, the reminder timetable,
paging of long lists and the clock. Nothing here touches the database, the network or the chat; everything
above imports it."""
