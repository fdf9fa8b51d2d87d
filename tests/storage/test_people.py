"""MemberRepo, InviteRepo, ConversationRepo."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from storage.engine import Database
from storage.errors import Conflict, NotFound
from storage.repositories.conversations import ConversationRepo
from storage.repositories.invites import InviteRepo
from storage.repositories.members import MemberRepo
from tests.storage import helpers
from tests.storage.helpers import T0

BIG_ID = 7_123_456_789  # platform ids go past 32 bits
GROUP_CHAT = -1_001_234_567_890


async def test_members(db: Database) -> None:
    later = T0 + timedelta(days=1)
    async with db.transaction() as conn:
        agency = await helpers.agency(conn, "بهزیستی")
        repo = MemberRepo(conn)
        rep = await repo.add(
            platform="telegram",
            user_id=BIG_ID,
            chat_id=BIG_ID,
            display_name="مریم",
            username="maryam",
            role="agency",
            agency_id=agency.id,
            at=T0,
        )
        boss = await repo.add(
            platform="telegram",
            user_id=42,
            chat_id=42,
            display_name="دفتر استاندار",
            username=None,
            role="governor",
            agency_id=None,
            at=T0,
        )
        same_user_on_bale = await repo.add(
            platform="bale",
            user_id=BIG_ID,
            chat_id=BIG_ID,
            display_name="مریم",
            username=None,
            role="agency",
            agency_id=agency.id,
            at=T0,
        )
        with pytest.raises(Conflict) as caught:
            await repo.add(
                platform="telegram",
                user_id=BIG_ID,
                chat_id=1,
                display_name="x",
                username=None,
                role="secretariat",
                agency_id=None,
                at=T0,
            )
        paused = await repo.set_state(
            same_user_on_bale.id, "paused", at=later, paused_until=later + timedelta(days=7)
        )
        with pytest.raises(ValueError):
            await repo.set_state(rep.id, "paused", at=later)
        with pytest.raises(NotFound):
            await repo.set_state(rep.id + 100, "active", at=later)
    assert caught.value.existing_id == rep.id
    assert (rep.state, rep.user_id, rep.paused_until, rep.updated_at) == ("active", BIG_ID, None, T0)
    assert (paused.state, paused.paused_until, paused.updated_at) == (
        "paused",
        later + timedelta(days=7),
        later,
    )
    async with db.read() as conn:
        repo = MemberRepo(conn)
        assert await repo.get(rep.id) == rep
        assert await repo.get_by_user("telegram", BIG_ID) == rep
        assert await repo.get_by_user("bale", 42) is None
        # A paused member still gets messages (the pause is about reminders: the sweep checks it).
        assert await repo.list_for_agency(agency.id) == [rep, paused]
        assert await repo.list_for_agency(agency.id, active_only=False) == [rep, paused]
        assert await repo.list_by_role("governor") == [boss]


async def test_agency_member_needs_an_agency(db: Database) -> None:
    with pytest.raises(IntegrityError):
        async with db.transaction() as conn:
            await MemberRepo(conn).add(
                platform="bale",
                user_id=1,
                chat_id=1,
                display_name="x",
                username=None,
                role="agency",
                agency_id=None,
                at=T0,
            )


async def test_invites(db: Database) -> None:
    expires = T0 + timedelta(days=2)
    async with db.transaction() as conn:
        agency = await helpers.agency(conn, "بهزیستی")
        repo = InviteRepo(conn)
        invite = await repo.add(
            agency_id=agency.id,
            role="agency",
            token_hash="h" * 64,
            uses_left=2,
            expires_at=expires,
            created_by="cli",
            at=T0,
        )
        with pytest.raises(Conflict):
            await repo.add(
                agency_id=None,
                role="governor",
                token_hash="h" * 64,
                uses_left=1,
                expires_at=expires,
                created_by="cli",
                at=T0,
            )
        uses = [await repo.use(invite.id, now=T0) for _ in range(3)]
    assert uses == [True, True, False]
    async with db.transaction() as conn:
        repo = InviteRepo(conn)
        assert await repo.get_by_token_hash("h" * 64) == await repo.get(invite.id)
        assert await repo.get_by_token_hash("nope") is None
        other = await repo.add(
            agency_id=None,
            role="secretariat",
            token_hash="s" * 64,
            uses_left=5,
            expires_at=expires,
            created_by="cli",
            at=T0,
        )
        assert not await repo.use(other.id, now=expires)  # expired at its expiry time
        assert await repo.use(other.id, now=expires - timedelta(seconds=1))
        await repo.revoke(other.id, at=T0)
        assert not await repo.use(other.id, now=T0)
        await repo.revoke(other.id, at=T0 + timedelta(hours=1))  # revoking twice keeps the first time
        with pytest.raises(NotFound):
            await repo.revoke(other.id + 100, at=T0)
        final = await repo.get(other.id)
    assert final is not None and (final.revoked_at, final.uses_left) == (T0, 4)


async def test_conversation_state_put_get_delete(db: Database) -> None:
    later = T0 + timedelta(minutes=3)
    async with db.transaction() as conn:
        repo = ConversationRepo(conn)
        first = await repo.put(
            "telegram", GROUP_CHAT, BIG_ID, name="new_resolution", step="text", data={"meeting": 19}, at=T0
        )
        replaced = await repo.put(
            "telegram",
            GROUP_CHAT,
            BIG_ID,
            name="new_resolution",
            step="parties",
            data={"meeting": 19, "text": "مقرر گردید"},
            at=later,
        )
        await repo.put("telegram", GROUP_CHAT, 5, name="pause", step="days", data={}, at=T0)
    assert first.step == "text"
    assert (replaced.step, replaced.data, replaced.updated_at) == (
        "parties",
        {"meeting": 19, "text": "مقرر گردید"},
        later,
    )
    async with db.transaction() as conn:
        repo = ConversationRepo(conn)
        assert await repo.get("telegram", GROUP_CHAT, BIG_ID) == replaced
        assert await repo.get("bale", GROUP_CHAT, BIG_ID) is None
        assert await repo.delete("telegram", GROUP_CHAT, BIG_ID)
        assert not await repo.delete("telegram", GROUP_CHAT, BIG_ID)
        assert await repo.get("telegram", GROUP_CHAT, BIG_ID) is None
        assert await repo.get("telegram", GROUP_CHAT, 5) is not None
