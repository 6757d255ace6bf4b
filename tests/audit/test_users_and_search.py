"""Users with argon2 hashes and roles; a person's search needs a justification."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from openfiu.audit import (
    JustificationRequiredError,
    UserError,
    authenticate,
    create_user,
    record_search,
    set_roles,
    verify,
)
from openfiu.store import Store
from openfiu.store.models import AuditEvent

PASSWORD = "correct horse battery"


def test_users_are_created_hashed_audited_and_authenticated(store: Store) -> None:
    with store.transaction() as session:
        user = create_user(session, "ana", PASSWORD, ["analyst", "reviewer"], actor="cli:root")
        assert user.password_hash.startswith("$argon2id$")
        assert PASSWORD not in user.password_hash
    with store.transaction() as session:
        found = authenticate(session, "ana", PASSWORD)
        assert found is not None and found.role_names == {"analyst", "reviewer"}
        assert authenticate(session, "ana", "wrong password!!") is None
        assert authenticate(session, "nobody", PASSWORD) is None
        set_roles(session, found, ["auditor"], actor="cli:root")
    with store.transaction() as session:
        actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)).all()
        assert actions == ["user.create", "user.roles"]
        assert session.get_one(AuditEvent, 2).details == {
            "before": ["analyst", "reviewer"],
            "after": ["auditor"],
        }
    assert verify(store).ok


@pytest.mark.parametrize(
    ("name", "password", "roles", "message"),
    [
        ("bo", PASSWORD, ["wizard"], "unknown role"),
        ("bo", "short", ["analyst"], "at least"),
        ("  ", PASSWORD, ["analyst"], "needs a username"),
        ("ana", PASSWORD, ["analyst"], "exists already"),
    ],
)
def test_bad_users_are_refused(
    store: Store, name: str, password: str, roles: list[str], message: str
) -> None:
    with store.transaction() as session:
        create_user(session, "ana", PASSWORD, ["analyst"], actor="cli:root")
    with pytest.raises(UserError, match=message), store.transaction() as session:
        create_user(session, name, password, roles, actor="cli:root")


@pytest.mark.parametrize("query", [{"name": "Kadyr Zarkov"}, {"name": "K Z", "kind": "person"}])
@pytest.mark.parametrize("justification", [None, "", "   "])
def test_searching_a_person_needs_a_justification(
    store: Store, query: dict[str, str], justification: str | None
) -> None:
    with pytest.raises(JustificationRequiredError, match="justification"), store.transaction() as s:
        record_search(s, "ana", query, justification)


def test_searches_are_audited_with_their_query(store: Store) -> None:
    with store.transaction() as session:
        person = record_search(session, "ana", {"name": "Kadyr Zarkov"}, "alert A-17")
        company = record_search(
            session, "ana", {"name": "Test Relief Fund", "kind": "organization"}, None
        )
        assert person.details == {"query": {"name": "Kadyr Zarkov"}}
        assert (person.justification, company.justification) == ("alert A-17", None)
    assert verify(store).events == 2
