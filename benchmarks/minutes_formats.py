"""How long reading minutes takes, and how much memory, for each shape a secretariat sends (issue 15).

The committed fixtures (``tests/minutes/office_shapes.py``: Word with merged rows and remarks, the same
saved to PDF by LibreOffice, HTML with rowspan), and a long version of them (30 resolutions, three pages
of PDF: made here with LibreOffice, skipped without it). Each file is parsed in a fresh interpreter, as
the heavy worker would: the figures are the median of the runs' wall time for ``parse_minutes_bytes``
and the process's peak RSS after it (the interpreter with the importer loaded is the baseline printed
first). The reading must also give the same minutes from every shape of one content.

Run: .venv/bin/python benchmarks/minutes_formats.py [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.domain.persian import fa  # noqa: E402
from tests.minutes import office_shapes  # noqa: E402

PROBE = """
import json, resource, sys, time
from pathlib import Path
from bot.domain.workdays import WorkCalendar
from bot.minutes import parse_minutes_bytes
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
path = Path(sys.argv[1])
data = path.read_bytes()
start = time.perf_counter()
minutes = parse_minutes_bytes(data, path.name, WorkCalendar(weekend=(4,)))
seconds = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "before": before, "after": after, "minutes": minutes.to_json()}))
"""


def probe(path: Path) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(path)], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    result: dict[str, object] = json.loads(out)
    return result


def long_files(folder: Path) -> list[Path]:
    """The fixtures' content repeated to 30 resolutions, as Word and (with LibreOffice) PDF."""
    extra = tuple(
        replace(office_shapes.RESOLUTIONS[(n - 1) % len(office_shapes.RESOLUTIONS)], number=fa(n))
        for n in range(len(office_shapes.RESOLUTIONS) + 1, 31)
    )
    office_shapes.RESOLUTIONS = office_shapes.RESOLUTIONS + extra
    docx = office_shapes.docx_bytes()
    files = [folder / "long.docx"]
    files[0].write_bytes(docx)
    if shutil.which("soffice"):
        files.append(folder / "long.pdf")
        files[1].write_bytes(office_shapes.pdf_bytes(docx))
    else:
        print("soffice (LibreOffice) not found: the long PDF is not measured")
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        groups = [
            [office_shapes.DOCX, office_shapes.HTML, office_shapes.PDF],
            long_files(Path(folder)),
        ]
        for files in groups:
            results = {}
            for path in files:
                runs = [probe(path) for _ in range(args.runs)]
                seconds = statistics.median(float(r["seconds"]) for r in runs)  # type: ignore[arg-type]
                before = max(int(r["before"]) for r in runs) / 1024  # type: ignore[call-overload]
                after = max(int(r["after"]) for r in runs) / 1024  # type: ignore[call-overload]
                minutes = runs[0]["minutes"]
                assert isinstance(minutes, dict)
                results[path.name] = minutes
                print(
                    f"{path.name:22} {path.stat().st_size / 1024:6.0f} KiB  "
                    f"{len(minutes['resolutions']):3} resolutions  read {seconds * 1000:6.0f} ms (median of"
                    f" {args.runs})  peak RSS {after:4.0f} MiB (importer loaded: {before:.0f} MiB)"
                )
            same = len({json.dumps(m, sort_keys=True) for m in results.values()}) == 1
            print(f"  same minutes from every shape: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
