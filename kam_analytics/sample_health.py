"""The sample's relationship-health columns (event type, promises, times, written confirmation,
contact roles), drawn from a random stream of their own so that every figure the sample had
before them stays as it was.

Each interaction's event follows from its method (a prompt-response interaction is a request, a
delivery is a promise, credit an agreement, a site visit a visit...). Three accounts carry a
story declared below: one breaks its promises and answers slowly, one is contacted far too
often, one has late deliveries still open at the end.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from kam_analytics import taxonomy

HEALTH_STREAM = 14  # the stream's tag beside the seed (issue 14)
HEALTH_HEADERS = {
    "event_type": "Event type", "promised_date": "Promised date",
    "delivered_date": "Delivered date", "kept": "Promise kept", "received_at": "Received at",
    "responded_at": "Responded at", "resolved_at": "Resolved at", "in_writing": "In writing",
    "contact_role": "Contact role",
}
# The event each method's interactions record (methods not named: no event type).
EVENT_OF_METHOD: dict[str, str] = {
    "trust.fast_response": "request", "service.fast_quotes": "request",
    "trust.problem_advice": "problem", "service.zero_defects": "complaint",
    "trust.promises_kept": "promise", "service.reliable_delivery": "promise",
    "service.fast_delivery": "promise", "risk.delivery_guarantee": "promise",
    "trust.contact_frequency": "call", "risk.active_followup": "call",
    "trust.site_visits": "visit", "technical.sale_service": "visit",
    "risk.preventive_maintenance": "visit", "trust.social_activities": "meeting",
    "technical.staff_training": "meeting", "risk.free_demos": "meeting",
    "resource.credit": "agreement", "technical.joint_rnd": "agreement",
    "resource.joint_promotion": "agreement", "resource.loan_help": "agreement",
    "resource.countertrade": "agreement", "technical.dual_selling": "agreement",
    "risk.trials": "agreement",
}
COMPLAINT_SHARE = 0.4  # of the zero-defects interactions: the rest record no event
# Promises of these methods are recorded as kept yes/no; the others by their dates.
KEPT_BY_WORD = ("trust.promises_kept",)
ROLES = tuple(taxonomy.DMU_ROLES)
ROLES_BY_TIER = {"Tier 1": 5, "Tier 2": 3, "Tier 3": 2}


@dataclass(frozen=True)
class HealthStory:
    """How an account's relationship is kept."""

    response_hours: float = 6.0    # median hours to the first answer
    resolution_days: float = 3.0   # median days to resolve a problem or complaint
    broken_share: float = 0.05     # promises broken
    in_writing_share: float = 0.95  # agreements confirmed in writing
    contacted_always: bool = False  # every interaction but promises and problems a contact
    open_late: int = 0             # its last promises due before the end, left undelivered


USUAL = HealthStory()
HEALTH_STORIES: dict[str, HealthStory] = {
    # Money on social events while the basics fail: promises broken, slow answers.
    "Northwind Foods": HealthStory(response_hours=70.0, resolution_days=18.0,
                                   broken_share=0.45, in_writing_share=0.6),
    # Contacted far more than a key account wants.
    "Meridian Packaging Group": HealthStory(contacted_always=True),
    # Deliveries past their date still open at the end of the last quarter.
    "Kestrel Automotive Components": HealthStory(open_late=3),
}


def _story(clients: pd.Series, field: str) -> np.ndarray:
    return clients.map({c: getattr(s, field) for c, s in HEALTH_STORIES.items()}).fillna(
        getattr(USUAL, field)).to_numpy()


def _hours(rows: int, median: np.ndarray, rng: np.random.Generator) -> pd.TimedeltaIndex:
    return pd.to_timedelta(median * np.exp(rng.normal(0.0, 0.8, rows)), unit="h").round("min")


def health_columns(interactions: pd.DataFrame, segments: pd.Series, seed: int) -> pd.DataFrame:
    """Return the health columns for the sample's interactions (same rows, same order), drawn
    from the stream ``[seed, HEALTH_STREAM]``; ``segments`` maps clients to their tier."""
    rng = np.random.default_rng([seed, HEALTH_STREAM])
    n = len(interactions)
    client, date = interactions["client"], interactions["date"]
    end = (date.max().to_period("Q") + 1).start_time  # the sample's last quarter ends here
    event = interactions["method"].map(EVENT_OF_METHOD).astype(object).to_numpy(copy=True)
    event[(event == "complaint") & (rng.random(n) >= COMPLAINT_SHARE)] = None
    always = _story(client, "contacted_always").astype(bool)
    # The account contacted far too often: its requests and untyped interactions are calls,
    # its agreements meetings.
    event[always & (pd.isna(event) | (event == "request"))] = "call"
    event[always & (event == "agreement")] = "meeting"
    out = pd.DataFrame(index=interactions.index)
    out["event_type"] = event

    # Requests, complaints and problems: received during the working day, answered, resolved.
    asked = np.isin(event, ["request", "complaint", "problem"])
    received = date + pd.to_timedelta(rng.integers(8 * 60, 18 * 60, n), unit="min")
    responded = received + _hours(n, _story(client, "response_hours"), rng)
    resolved = received + _hours(n, _story(client, "resolution_days") * 24.0, rng)
    troubled = np.isin(event, ["complaint", "problem"])
    out["received_at"] = received.where(asked)
    out["responded_at"] = responded.where(asked & (responded < end))
    out["resolved_at"] = resolved.where(troubled & (resolved < end))

    # Promises: due 3 to 20 days on; kept ones delivered up to 3 days early, broken ones late.
    promise = event == "promise"
    promised = date + pd.to_timedelta(rng.integers(3, 21, n), unit="D")
    broken = rng.random(n) < _story(client, "broken_share")
    offset = np.where(broken, rng.integers(1, 12, n), -rng.integers(0, 4, n))
    delivered = promised + pd.to_timedelta(offset, unit="D")
    by_word = promise & interactions["method"].isin(KEPT_BY_WORD).to_numpy()
    by_dates = promise & ~by_word
    delivered = delivered.where(by_dates & (delivered < end))
    late = _story(client, "open_late").astype(int)
    for name in client[late > 0].unique():  # the story's last promises due before the end
        due = np.flatnonzero(by_dates & (client == name).to_numpy() & (promised < end))
        delivered.iloc[due[np.argsort(promised.iloc[due].to_numpy())][-late[
            client.to_numpy() == name][0]:]] = pd.NaT
    out["promised_date"] = promised.where(by_dates)
    out["delivered_date"] = delivered
    out["kept"] = pd.array(np.where(by_word, ~broken, None), dtype="boolean")
    agreed = event == "agreement"
    written = rng.random(n) < _story(client, "in_writing_share")
    out["in_writing"] = pd.array(np.where(agreed, written, None), dtype="boolean")

    # Roles: each account's people, the first few of its own order of the six roles.
    contact = np.isin(event, ["call", "meeting", "visit", "agreement"])
    known = client.map(segments).map(ROLES_BY_TIER).fillna(2).astype(int).to_numpy()
    order = {c: rng.permutation(len(ROLES)) for c in sorted(client.unique())}
    pick = np.minimum((rng.random(n) ** 1.6 * known).astype(int), known - 1)
    role = np.array([ROLES[order[c][k]] for c, k in zip(client, pick, strict=True)],
                    dtype=object)
    out["contact_role"] = np.where(contact, role, None)
    return out[list(HEALTH_HEADERS)]


def written(columns: pd.DataFrame) -> pd.DataFrame:
    """Return the health columns as a manager's sheet writes them: yes/no as words, times as
    'YYYY-MM-DD HH:MM' text (a workbook's date format would hide them), dates as dates."""
    out = columns.copy()
    for name in ("kept", "in_writing"):
        out[name] = columns[name].map({True: "yes", False: "no"}).astype(object)
    for name in ("received_at", "responded_at", "resolved_at"):
        out[name] = columns[name].dt.strftime("%Y-%m-%d %H:%M").astype(object)
    return out
