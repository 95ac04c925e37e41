"""Who may see what: the roles declared in one file (``data/access.toml`` by default, or
``$KAM_ACCESS``), and the viewer a signed-in user is.

- a **director** sees every account, imports data and sees the import history;
- a **manager** sees the accounts whose manager (``protocol.MANAGER_RULE``) is one of the names
  given, and nothing of any other account;
- an **analyst** sees every account with client and manager names replaced by aliases.

A user is found by e-mail first, then by the groups the sign-in provider says they belong to
(the first listed group that has a role). Anyone not listed has no access. With no sign-in
configured the app has one local user, who is a director.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from kam_analytics.i18n import Message, MessageError, msg
from kam_analytics.settings import ACCESS_ENV_VAR, DEFAULT_ACCESS_PATH
from kam_analytics.store import EVERYONE, Scope

ROLES: tuple[str, ...] = ("director", "manager", "analyst")


class AccessFileError(MessageError):
    """The access file cannot be read or says something that is not a rule (nobody is let in
    until it is fixed)."""


@dataclass(frozen=True)
class Viewer:
    """Who is looking: their e-mail (None for the local user), role and what they may see."""

    email: str | None
    role: str
    scope: Scope = EVERYONE
    anonymised: bool = False

    @property
    def local(self) -> bool:
        """Return whether this is the one local user of an app with no sign-in."""
        return self.email is None

    @property
    def imports(self) -> bool:
        """Return whether the viewer may import, restore and change the settings."""
        return self.role == "director"


LOCAL = Viewer(email=None, role="director")


@dataclass(frozen=True)
class Rule:
    """One entry of the access file: whom it names (an e-mail or a group) and their role."""

    who: str
    role: str
    managers: frozenset[str] = frozenset()

    def viewer(self, email: str) -> Viewer:
        """Return the viewer this rule makes of ``email``."""
        return Viewer(email=email, role=self.role,
                      scope=Scope(self.managers) if self.role == "manager" else EVERYONE,
                      anonymised=self.role == "analyst")


@dataclass(frozen=True)
class AccessRules:
    """The access file read: rules by e-mail (lower case) and by group, in the file's order."""

    users: dict[str, Rule]
    groups: dict[str, Rule]

    def viewer_for(self, email: str | None, groups: list[str] | tuple[str, ...] = ()
                   ) -> Viewer | None:
        """Return the viewer ``email`` is (listed by e-mail, else by its first listed group),
        None when neither is listed."""
        if email and email.strip().lower() in self.users:
            return self.users[email.strip().lower()].viewer(email.strip())
        for group in groups or ():
            if group in self.groups and email:
                return self.groups[group].viewer(email.strip())
        return None


def access_path() -> Path:
    """Return where the access file is: ``$KAM_ACCESS``, else data/access.toml."""
    return Path(os.environ.get(ACCESS_ENV_VAR) or DEFAULT_ACCESS_PATH)


def _rule(entry: object, kind: str, number: int, path: Path) -> Rule:
    """Return one ``[[user]]`` or ``[[group]]`` entry as a rule, or say what is wrong."""
    key = "email" if kind == "user" else "name"

    def wrong(problem: Message) -> AccessFileError:
        return AccessFileError(msg("access.bad_entry", path=str(path), kind=kind, n=number,
                                   problem=problem))

    if not isinstance(entry, dict):
        raise wrong(msg("access.not_a_table"))
    who, role = entry.get(key), entry.get("role")
    if not isinstance(who, str) or not who.strip():
        raise wrong(msg("access.no_key", field=key))
    if role not in ROLES:
        raise wrong(msg("access.bad_role", role=str(role), roles=", ".join(ROLES)))
    managers = entry.get("managers", [])
    if not isinstance(managers, list) or not all(isinstance(m, str) and m.strip()
                                                 for m in managers):
        raise wrong(msg("access.bad_managers"))
    if role == "manager" and not managers:
        raise wrong(msg("access.no_managers", who=who))
    unknown = set(entry) - {key, "role", "managers"}
    if unknown:
        raise wrong(msg("access.unknown_keys", keys=", ".join(sorted(unknown))))
    return Rule(who=who.strip(), role=role, managers=frozenset(m.strip() for m in managers))


def read_rules(path: Path) -> AccessRules | None:
    """Return the rules of the access file at ``path``, None when there is no such file
    (AccessFileError when it cannot be read or holds a wrong entry)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise AccessFileError(msg("access.unreadable", path=str(path), error=str(exc))) from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise AccessFileError(msg("access.not_toml", path=str(path), error=str(exc))) from exc
    unknown = set(data) - {"user", "group"}
    if unknown:
        raise AccessFileError(msg("access.unknown_sections", path=str(path),
                                  sections=", ".join(sorted(unknown))))
    users: dict[str, Rule] = {}
    groups: dict[str, Rule] = {}
    for kind, into in (("user", users), ("group", groups)):
        entries = data.get(kind, [])
        if not isinstance(entries, list):
            raise AccessFileError(msg("access.not_a_list", path=str(path), kind=kind))
        for number, entry in enumerate(entries, start=1):
            rule = _rule(entry, kind, number, path)
            name = rule.who.lower() if kind == "user" else rule.who
            if name in into:
                raise AccessFileError(msg("access.listed_twice", path=str(path), kind=kind,
                                          who=rule.who))
            into[name] = rule
    return AccessRules(users=users, groups=groups)
