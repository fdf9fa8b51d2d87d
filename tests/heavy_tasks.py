"""Tasks for tests/test_heavy.py's worker processes: module-level (picklable) and importing only the
standard library, so that a fresh worker loads this module in a moment."""

from __future__ import annotations

import io
import os
import signal
import time
import zipfile
from pathlib import Path

MIB = 1024 * 1024


def status(field: str) -> int:
    """A ``/proc/self/status`` figure in KiB (VmRSS, VmHWM …)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise LookupError(field)


def hold(megabytes: int) -> int:
    """Touch `megabytes` of memory, a MiB at a time, as a parser would grow; the peak RSS in KiB."""
    chunks = [b"x" * MIB for _ in range(megabytes)]
    assert len(chunks) == megabytes
    return status("VmHWM")


def spin(seconds: float, pid_file: str) -> float:
    """Busy for `seconds` (CPU-bound, never yields), after writing this worker's pid to `pid_file`."""
    Path(pid_file).write_text(str(os.getpid()))
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass
    return seconds


def die() -> None:
    """The worker killed from outside, as the kernel's OOM killer would."""
    os.kill(os.getpid(), signal.SIGKILL)


def worker_pid() -> int:
    return os.getpid()


def out_of_memory() -> None:
    raise MemoryError


# A Word package with nothing but a body: enough for python-docx to open it.
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType='
    '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml" Type='
    '"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>'
)
_BODY_START = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document '
    b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
)
_BODY_END = b"</w:body></w:document>"
_PARAGRAPH = "<w:p><w:r><w:t>مقرر گردید</w:t></w:r></w:p>".encode()


def docx_bomb(megabytes: int) -> bytes:
    """A valid .docx whose document.xml unpacks to `megabytes` MiB of repeated paragraphs (it weighs
    about a thousandth of that)."""
    chunk = _PARAGRAPH * (MIB // len(_PARAGRAPH))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        package.writestr("[Content_Types].xml", _CONTENT_TYPES)
        package.writestr("_rels/.rels", _RELS)
        with package.open("word/document.xml", "w", force_zip64=True) as document:
            document.write(_BODY_START)
            for _ in range(megabytes):
                document.write(chunk)
            document.write(_BODY_END)
    return out.getvalue()
