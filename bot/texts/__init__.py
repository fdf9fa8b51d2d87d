"""Every Persian text a person reads lives in this package, one module per area.

Modules: ``bot`` (the chat: commands, registration, help, invites, agencies, members, errors),
``calendar`` (month and weekday names, holiday labels), ``cli`` (command line output and the tracker
services' refusals), ``demo`` (the demo's transcript), ``history`` (/history), ``inbox`` (a message
delayed by a passing fault, another program polling with the token), ``operations`` (a second bot on one
SQLite database), ``minutes`` (what the importer reports), ``new_resolution`` (/new_resolution's form,
wizard and preview), ``people`` (refusals of invites, registration and members), ``push`` (a new
resolution to an agency and its buttons, reports, /my, the secretariat's decisions, extension requests,
the report digest), ``reminders`` (reminders, check-ins, escalations, the weekly digest, /pause and
/resume), ``status`` (/status, /overdue, /ranking, /export, the chart and the reports), ``upload``
(uploading minutes in chat).
"""
