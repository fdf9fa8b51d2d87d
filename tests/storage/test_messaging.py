"""OutboxRepo, ProgressRepo, ExtensionRepo."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest

from storage.engine import Database
from storage.errors import NotFound, WrongState
from storage.repositories.extensions import ExtensionRepo
from storage.repositories.outbox import UNCONFIRMED, OutboxRepo
from storage.repositories.progress import ProgressRepo
from tests.storage import helpers
from tests.storage.helpers import T0

CHAT = 7_123_456_789


async def test_outbox_enqueue_is_idempotent_on_dedupe_key(db: Database) -> None:
    async with db.transaction() as conn:
        work = await helpers.assignment(conn)
        repo = OutboxRepo(conn)
        payload = {"text": "یادآوری مصوبه ۳", "buttons": [[{"text": "گزارش", "data": "r:1"}]]}
        first = await repo.enqueue(
            platform="telegram",
            chat_id=CHAT,
            kind="reminder",
            payload=payload,
            at=T0,
            dedupe_key=f"reminder:{work.id}:2022-09-08",
            assignment_id=work.id,
        )
        again = await repo.enqueue(
            platform="telegram",
            chat_id=CHAT,
            kind="reminder",
            payload={"text": "another"},
            at=T0 + timedelta(minutes=1),
            dedupe_key=f"reminder:{work.id}:2022-09-08",
        )
        plain = [
            await repo.enqueue(platform="telegram", chat_id=CHAT, kind="notice", payload={}, at=T0)
            for _ in range(2)
        ]
    assert again == first
    assert (first.state, first.attempts, first.next_attempt_at, first.payload) == ("pending", 0, T0, payload)
    assert plain[0].id != plain[1].id  # no key, no deduplication
    async with db.read() as conn:
        assert await OutboxRepo(conn).get_by_dedupe_key(f"reminder:{work.id}:2022-09-08") == first


async def test_outbox_due_lifecycle_and_message_link(db: Database) -> None:
    tehran = ZoneInfo("Asia/Tehran")
    async with db.transaction() as conn:
        work = await helpers.assignment(conn)
        repo = OutboxRepo(conn)
        now = T0 + timedelta(hours=1)
        # T0 given as Tehran wall-clock (10:00+04:30) is 05:30 UTC: due at ``now`` (06:30 UTC) although
        # its wall-clock reading is later; comparisons must be between instants.
        tehran_morning = await repo.enqueue(
            platform="bale",
            chat_id=CHAT,
            kind="a",
            payload={},
            at=T0,
            next_attempt_at=T0.astimezone(tehran),
            assignment_id=work.id,
        )
        earliest = await repo.enqueue(
            platform="bale",
            chat_id=CHAT,
            kind="b",
            payload={},
            at=T0,
            next_attempt_at=T0 - timedelta(hours=1),
        )
        future = await repo.enqueue(
            platform="bale",
            chat_id=CHAT,
            kind="c",
            payload={},
            at=T0,
            next_attempt_at=now + timedelta(seconds=1),
        )
        assert [m.id for m in await repo.due(now, limit=10)] == [earliest.id, tehran_morning.id]
        assert [m.id for m in await repo.due(now, limit=1)] == [earliest.id]
        assert await repo.due(now, limit=10, platform="telegram") == []  # another platform's rows

        lease = now + timedelta(minutes=10)
        morning = await repo.get(tehran_morning.id)
        assert morning is not None
        claimed = await repo.claim(morning, lease)
        assert claimed is not None and (claimed.state, claimed.next_attempt_at) == ("sending", lease)
        assert await repo.claim(morning, lease) is None  # taken already
        early = await repo.get(earliest.id)
        assert early is not None and await repo.claim(early, lease) is not None
        assert await repo.due(now, limit=10) == []  # claimed rows are due again only when the lease runs out
        assert await repo.mark_sent(tehran_morning.id, platform_message_id=555, at=now)
        assert not await repo.mark_sent(tehran_morning.id, platform_message_id=556, at=now)  # recorded once
        assert not await repo.mark_retry(earliest.id, now, now, "429")  # not its lease: changes nothing
        assert await repo.mark_retry(earliest.id, lease, now + timedelta(minutes=5), "429")
        assert not await repo.mark_retry(earliest.id, lease, now, "429")  # settled already
        assert not await repo.mark_failed(future.id, lease, error="403 blocked")  # never claimed
        assert not await repo.mark_failed(future.id + 100, lease, error="x")
        assert await repo.due(now, limit=10) == []
        later = await repo.due(now + timedelta(minutes=5), limit=10)
        assert [m.id for m in later] == [future.id, earliest.id]

        sent = await repo.get(tehran_morning.id)
        retried = await repo.get(earliest.id)
        assert await repo.assignment_for_message(CHAT, 555) == work.id
        assert await repo.assignment_for_message(CHAT, 556) is None
    assert sent is not None and (sent.state, sent.attempts, sent.platform_message_id, sent.sent_at) == (
        "sent",
        1,
        555,
        now,
    )
    assert retried is not None and (retried.state, retried.attempts, retried.last_error) == (
        "pending",
        1,
        "429",
    )


async def test_outbox_leases_run_out_and_stale_claims_go_back(db: Database) -> None:
    async with db.transaction() as conn:
        repo = OutboxRepo(conn)
        rows = [
            await repo.enqueue(platform="telegram", chat_id=CHAT, kind="push", payload={}, at=T0)
            for _ in range(3)
        ]
        short, long = T0 + timedelta(minutes=1), T0 + timedelta(minutes=10)
        claims = [await repo.claim(rows[0], short), await repo.claim(rows[1], long)]
        assert all(c is not None for c in claims)
        first = claims[0]
        assert first is not None
        # Until its lease runs out a claim is nobody else's; then any sender may take it over, once.
        assert await repo.due(short - timedelta(seconds=1), 10) == [rows[2]]
        due = await repo.due(short, 10)
        assert [r.id for r in due] == [rows[2].id, rows[0].id]
        again = await repo.claim(due[1], short + timedelta(minutes=10))
        assert again is not None and again.attempts == 1 and (again.last_error or "").startswith(UNCONFIRMED)
        assert await repo.claim(due[1], short + timedelta(minutes=10)) is None
        # The first holder's late outcome changes nothing: the claim is another's now.
        assert not await repo.mark_retry(first.id, short, short, "TimedOut")
        assert not await repo.release(first.id, short, short)
        # A delivery is recorded whoever holds the claim.
        assert await repo.mark_sent(first.id, 901, short)

        # At start: only the claims whose lease ran out, or every claim.
        assert await repo.release_stale("telegram", short, expired_by=short) == 0
        assert await repo.release_stale("bale", short) == 0  # another platform's bot is not the one stopped
        assert await repo.release_stale("telegram", short) == 1
        released = await repo.get(rows[1].id)
    assert released is not None and (released.state, released.next_attempt_at, released.attempts) == (
        "pending",
        short,
        1,
    )
    assert (released.last_error or "").startswith(UNCONFIRMED)


async def test_progress_reports(db: Database) -> None:
    attachments = [{"file_id": "AgAD-1", "name": "نامه شماره ۱۲.pdf"}]
    async with db.transaction() as conn:
        work = await helpers.assignment(conn)
        repo = ProgressRepo(conn)
        second = await repo.add(
            assignment_id=work.id,
            member_id=None,
            text="انجام شد",
            percent=100,
            attachments=attachments,
            at=T0 + timedelta(days=2),
        )
        first = await repo.add(
            assignment_id=work.id, member_id=None, text="در حال پیگیری", percent=None, attachments=[], at=T0
        )
        with pytest.raises(ValueError):
            await repo.add(
                assignment_id=work.id, member_id=None, text="x", percent=101, attachments=[], at=T0
            )
    assert second.attachments == tuple(attachments) and first.percent is None
    async with db.read() as conn:
        repo = ProgressRepo(conn)
        assert await repo.get(second.id) == second
        assert await repo.list_for_assignment(work.id) == [first, second]
        assert await repo.list_for_assignment(work.id + 1) == []


async def test_extension_requests(db: Database) -> None:
    decided_at = T0 + timedelta(days=1)
    async with db.transaction() as conn:
        work = await helpers.assignment(conn)
        repo = ExtensionRepo(conn)
        one = await repo.add(
            assignment_id=work.id,
            member_id=None,
            requested_due=date(2022, 10, 1),
            reason="کمبود اعتبار",
            at=T0,
        )
        two = await repo.add(
            assignment_id=work.id,
            member_id=None,
            requested_due=date(2022, 10, 15),
            reason="x",
            at=T0 + timedelta(hours=1),
        )
        assert await repo.list_pending() == [one, two]
        approved = await repo.decide(one.id, decision="approved", decided_by=None, reason=None, at=decided_at)
        with pytest.raises(WrongState):
            await repo.decide(one.id, decision="denied", decided_by=None, reason="late", at=decided_at)
        with pytest.raises(NotFound):
            await repo.decide(two.id + 10, decision="denied", decided_by=None, reason=None, at=decided_at)
        with pytest.raises(ValueError):
            await repo.decide(two.id, decision="pending", decided_by=None, reason=None, at=decided_at)
        assert await repo.list_pending() == [two]
    assert (one.decision, one.requested_due) == ("pending", date(2022, 10, 1))
    assert (approved.decision, approved.decided_at) == ("approved", decided_at)
    async with db.read() as conn:
        assert await ExtensionRepo(conn).get(one.id) == approved
