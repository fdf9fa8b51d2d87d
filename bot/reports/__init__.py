"""The files the secretariat takes to the next meeting (XLSX, DOCX) and the /status chart (PNG)."""
