"""`peygir simulator --port P` runs the simulator alone until SIGTERM."""

from __future__ import annotations

import asyncio
import os
import signal
import sys

import aiohttp
import pytest

from bot.cli.scripted import free_local_port
from simulator import SIMULATOR_TOKEN

# A `peygir simulator` process.
pytestmark = pytest.mark.e2e


async def test_the_simulator_command(tmp_path: object) -> None:
    port = free_local_port()
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "simulator",
        "--port",
        str(port),
        "--bale",
        env={"PATH": os.environ.get("PATH", "")},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        first = await asyncio.wait_for(process.stdout.readline(), 20)
        assert f"127.0.0.1:{port}" in first.decode() and "bale" in first.decode()
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{port}/bot{SIMULATOR_TOKEN}/getMe") as response:
                assert (await response.json())["result"]["username"] == "PeygirBot"
            async with session.post(
                f"http://127.0.0.1:{port}/bot{SIMULATOR_TOKEN}/setMyCommands"
            ) as response:
                assert response.status == 404  # Bale mode
        process.send_signal(signal.SIGTERM)
        await asyncio.wait_for(process.wait(), 20)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode == 0
