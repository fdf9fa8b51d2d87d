"""Sending and its timeouts: which failures may have been delivered, who retries what, and that the
profiles' waits fit the outbox's lease."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut

from bot.dispatcher import LIMITER_ALLOWANCE, Dispatcher
from bot.domain.clock import FixedClock
from bot.platforms import BALE, TELEGRAM, PlatformProfile
from bot.services.outbox import LEASE, OutboxService
from bot.transport import PlatformBot, PlatformRateLimiter, may_have_arrived, sending_request
from storage.engine import create_database


def caused(error: Exception, cause: BaseException) -> Exception:
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    ("error", "arrived"),
    [
        (caused(TimedOut(), httpx.ReadTimeout("")), True),  # sent whole, the answer never came
        (caused(NetworkError("httpx.ReadError"), httpx.ReadError("")), True),
        (caused(NetworkError("httpx.RemoteProtocolError"), httpx.RemoteProtocolError("")), True),
        (caused(TimedOut("Pool timeout"), httpx.PoolTimeout("")), False),  # never left this side
        (caused(TimedOut(), httpx.ConnectTimeout("")), False),
        (caused(NetworkError("httpx.ConnectError"), httpx.ConnectError("")), False),
        (caused(TimedOut(), httpx.WriteTimeout("")), False),  # the request was not all sent
        (NetworkError("Bad Gateway"), False),  # an answer: the platform said no
        (BadRequest("chat not found"), False),
        (RetryAfter(timedelta(seconds=3)), False),
    ],
)
def test_what_may_have_been_delivered(error: Exception, arrived: bool) -> None:
    assert may_have_arrived(error) is arrived


async def test_the_rate_limiter_retries_a_429_but_never_a_timeout() -> None:
    """PTB's limiter retries only "slow down" answers, which were not delivered: a timed-out send is
    retried by the outbox alone, once per timeout, so the limiter adds no duplicate."""
    limiter = PlatformRateLimiter(TELEGRAM)
    calls: list[str] = []

    async def send(kind: str) -> dict[str, Any]:
        calls.append(kind)
        if kind == "timeout":
            raise caused(TimedOut(), httpx.ReadTimeout(""))
        if len(calls) == 1:
            raise RetryAfter(timedelta(0))
        return {"ok": True}

    data = {"chat_id": 5, "text": "x"}
    assert await limiter.process_request(send, ("retry",), {}, "sendMessage", data, None) == {"ok": True}
    assert calls == ["retry", "retry"]
    calls.clear()
    with pytest.raises(TimedOut):
        await limiter.process_request(send, ("timeout",), {}, "sendMessage", data, None)
    assert calls == ["timeout"]


@pytest.mark.parametrize("profile", [TELEGRAM, BALE])
def test_send_timeouts_fit_the_platform_and_the_lease(profile: PlatformProfile) -> None:
    # Longer than the library's 5 s (an answer that is only slow is waited for), longer again after an
    # unconfirmed attempt, and one send with its limiter waits well within a claim's lease.
    assert 5 < profile.send_read_timeout < profile.resend_read_timeout
    reserve = profile.longest_send + LIMITER_ALLOWANCE.total_seconds()
    assert reserve * 3 < LEASE.total_seconds()
    request = sending_request(profile)
    timeouts = request._client_kwargs["timeout"]
    assert (timeouts.read, timeouts.write, timeouts.connect, timeouts.pool) == (
        profile.send_read_timeout,
        profile.send_write_timeout,
        profile.send_connect_timeout,
        profile.send_pool_timeout,
    )


def test_bale_waits_longer_than_telegram() -> None:
    assert (TELEGRAM.send_read_timeout, TELEGRAM.resend_read_timeout) == (30, 60)
    assert (BALE.send_read_timeout, BALE.resend_read_timeout) == (45, 90)


async def test_the_dispatcher_takes_the_bots_profile_and_refuses_a_lease_too_short(clock: FixedClock) -> None:
    bot, db = PlatformBot(BALE, "1:T"), create_database("sqlite+aiosqlite://")  # neither is used
    assert Dispatcher(bot, OutboxService(db, clock, "bale"))._profile is BALE
    with pytest.raises(ValueError, match="lease"):
        Dispatcher(bot, OutboxService(db, clock, "bale", lease=LIMITER_ALLOWANCE))
    await db.dispose()
