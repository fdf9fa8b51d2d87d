"""`peygir run` as a separate process: it serves the simulator's users and stops cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest

from simulator import SIMULATOR_TOKEN, Simulator, SimulatorClient, SimUser

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("platform", ["telegram", "bale"])
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
async def test_run_polls_and_stops_on_a_signal(tmp_path: Path, platform: str, signum: int) -> None:
    async with Simulator(mode=platform) as simulator, SimulatorClient(simulator.base_url) as client:  # type: ignore[arg-type]
        env = {
            "PATH": os.environ.get("PATH", ""),
            "PEYGIR_BOT_TOKEN": SIMULATOR_TOKEN,
            "PEYGIR_PLATFORM": platform,
            "PEYGIR_BOT_API_BASE_URL": simulator.bot_api_base_url,
            "PEYGIR_BOT_API_FILE_URL": simulator.bot_api_file_url,
            "PEYGIR_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'run.db'}",
            "PEYGIR_ADMIN_IDS": "1001",
            "PEYGIR_POLL_INTERVAL": "0.1",
            "PEYGIR_LOG_LEVEL": "DEBUG",
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            cwd=tmp_path,
            env=env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            admin = SimUser(1001, "مریم")
            sent = await client.send_message(admin, "/whoami")
            answers = await client.wait_for_bot_messages(admin.id, after=sent.message_id, timeout=20)
            assert "دبیرخانه" in answers[0].text
            process.send_signal(signum)
            stdout, stderr = await asyncio.wait_for(process.communicate(), timeout=20)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
    assert process.returncode == 0, stderr.decode()
    assert "ربات متوقف شد" in stdout.decode()
    assert SIMULATOR_TOKEN not in stderr.decode() + stdout.decode()
    assert "getUpdates" in stderr.decode()  # DEBUG logging was on, and still no token
