"""`peygir run` as a separate process: it serves the simulator's users and stops cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import json
import signal
import socket
import sys
from pathlib import Path

import aiohttp
import pytest

from bot.cli.scripted import free_local_port
from simulator import SIMULATOR_TOKEN, Simulator, SimulatorClient, SimUser
from tests.processes import bot_environment

REPO = Path(__file__).resolve().parents[2]


def environment(simulator: Simulator, platform: str, folder: Path, **extra: str) -> dict[str, str]:
    """`peygir run`'s environment against the simulator, its database in `folder`, DEBUG logging."""
    settings = {
        "PEYGIR_ADMIN_IDS": "1001",
        "PEYGIR_POLL_INTERVAL": "0.1",
        "PEYGIR_LOG_LEVEL": "DEBUG",
        **extra,
    }
    return bot_environment(simulator, platform, f"sqlite+aiosqlite:///{folder / 'run.db'}", **settings)


@pytest.mark.parametrize("platform", ["telegram", "bale"])
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
async def test_run_polls_and_stops_on_a_signal(tmp_path: Path, platform: str, signum: int) -> None:
    async with Simulator(mode=platform) as simulator, SimulatorClient(simulator.base_url) as client:  # type: ignore[arg-type]
        env = environment(simulator, platform, tmp_path)
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


@pytest.mark.parametrize("platform", ["telegram", "bale"])
async def test_run_by_webhook_and_polling_refused_while_it_is_set(tmp_path: Path, platform: str) -> None:
    """`peygir run --webhook` sets the webhook and answers what the platform posts; neither the token nor
    the path's secret is ever logged. Then a plain `peygir run` is refused with a clear line (the platform
    answers 409 while a webhook is set), and `--delete-webhook` polls again, with /healthz on a port of
    its own. The logs are JSON lines, and an idle bot writes none at INFO."""
    port, metrics_port = free_local_port(), free_local_port()
    secret = "Wb" + "x7Q_-" * 6
    async with Simulator(mode=platform) as simulator, SimulatorClient(simulator.base_url) as client:  # type: ignore[arg-type]
        env = environment(
            simulator,
            platform,
            tmp_path,
            PEYGIR_WEBHOOK_URL=f"http://127.0.0.1:{port}",
            PEYGIR_WEBHOOK_PORT=str(port),
            PEYGIR_WEBHOOK_SECRET=secret,
            PEYGIR_LOG_FORMAT="json",
        )

        outputs = iter(range(10))

        async def peygir(*args: str, **extra: str) -> asyncio.subprocess.Process:
            """The bot; its output in files (DEBUG logs would fill a pipe nobody reads meanwhile)."""
            n = next(outputs)
            with (tmp_path / f"{n}.out").open("w") as out, (tmp_path / f"{n}.err").open("w") as err:
                return await asyncio.create_subprocess_exec(
                    sys.executable, "-m", "bot", "run", *args, cwd=tmp_path, env={**env, **extra},
                    stdout=out, stderr=err,
                )  # fmt: skip

        async def finished(process: asyncio.subprocess.Process, n: int) -> tuple[bytes, bytes]:
            await asyncio.wait_for(process.wait(), timeout=20)
            return (tmp_path / f"{n}.out").read_bytes(), (tmp_path / f"{n}.err").read_bytes()

        admin = SimUser(1001, "مریم")
        process = await peygir("--webhook")
        try:
            sent = await client.send_message(admin, "/whoami")
            answers = await client.wait_for_bot_messages(admin.id, after=sent.message_id, timeout=20)
            assert "دبیرخانه" in answers[0].text
            assert simulator.world.stats["webhook_delivered"] >= 1
            assert simulator.world.stats["requests"].get("getUpdates", 0) == 0
            process.send_signal(signal.SIGTERM)
            stdout, stderr = await finished(process, 0)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
        logged = stdout.decode() + stderr.decode()
        assert process.returncode == 0, logged
        assert "وب‌هوک" in stdout.decode() and "setWebhook" in stderr.decode()
        assert SIMULATOR_TOKEN not in logged and secret not in logged
        entries = [json.loads(line) for line in stderr.decode().splitlines()]  # every line is JSON
        assert {"at", "level", "logger", "message"} <= set(entries[0])

        refused = await peygir()
        stdout, stderr = await finished(refused, 1)
        assert refused.returncode == 2
        last = stderr.decode().splitlines()[-1]  # after the DEBUG lines
        assert last.startswith("خطا: ") and "--delete-webhook" in last

        polling = await peygir(
            "--delete-webhook", PEYGIR_LOG_LEVEL="INFO", PEYGIR_METRICS_PORT=str(metrics_port)
        )
        try:
            sent = await client.send_message(admin, "/whoami")
            answers = await client.wait_for_bot_messages(admin.id, after=sent.message_id, timeout=20)
            assert "دبیرخانه" in answers[0].text
            url = f"http://127.0.0.1:{metrics_port}/healthz"
            async with aiohttp.ClientSession() as session, session.get(url) as response:
                assert response.status == 200 and (await response.json())["ok"] is True
            await asyncio.sleep(3.0)  # idle: nothing to log
            polling.send_signal(signal.SIGTERM)
            _, stderr = await finished(polling, 2)
        finally:
            if polling.returncode is None:
                polling.kill()
                await polling.wait()
        assert polling.returncode == 0
        # Ready, the webhook deleted, stopping: a handful of lines in all, none a second while idle.
        assert len(stderr.decode().splitlines()) < 12, stderr.decode()


async def test_a_port_taken_is_said_in_one_line(tmp_path: Path) -> None:
    """`peygir run --webhook` on a port another program holds: exit 2 with the address, no traceback,
    and nothing left running."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        async with Simulator() as simulator:
            env = environment(
                simulator,
                "telegram",
                tmp_path,
                PEYGIR_WEBHOOK_URL=f"http://127.0.0.1:{port}",
                PEYGIR_WEBHOOK_PORT=str(port),
                PEYGIR_WEBHOOK_SECRET="P" * 30,
                PEYGIR_LOG_LEVEL="WARNING",
            )
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", "--webhook", cwd=tmp_path, env=env,
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            )  # fmt: skip
            _, stderr = await asyncio.wait_for(process.communicate(), timeout=30)
    text = stderr.decode()
    assert process.returncode == 2, text
    assert "Traceback" not in text
    assert text.splitlines()[-1].startswith("خطا: ") and f"127.0.0.1:{port}" in text.splitlines()[-1]
