"""What ``etstats status``, ``!monitor status`` and the status board report about the monitor.

Plain data, filled by one store query and shown by the terminal printer and the embed
renderers, so the three views cannot read different things under the same name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(slots=True)
class SourceState:
    source: str
    kind: str
    connected: bool = False
    since: datetime | None = None
    last_listing: datetime | None = None
    last_file_seen: str | None = None
    last_round_imported: str | None = None
    last_error: str | None = None
    attention: list[str] = field(default_factory=list)
    """Files the source cannot deal with on its own (stuck empty, impossible name, changed), one line each."""


@dataclass(slots=True)
class TaskState:
    """A supervised task of the service (publishing, a source's loop) and whether it fails."""

    task: str
    failing_since: datetime | None = None
    last_error: str | None = None
    restarts: int = 0

    def describe(self) -> str:
        if self.failing_since is None:
            return f"{self.task}: working"
        return f"{self.task} failing since {self.failing_since} ({self.last_error})"


@dataclass(frozen=True, slots=True)
class AmbiguousDelivery:
    """A send whose answer was lost: with a webhook alone the post may show twice."""

    key: str
    sink: str
    status: str
    reason: str


@dataclass(frozen=True, slots=True)
class QuarantinedFile:
    source: str
    name: str
    error: str | None


@dataclass(frozen=True, slots=True)
class HeldPost:
    """A post a sink refused for good; sent again after ``etstats resend``."""

    key: str
    sink: str
    error: str


@dataclass(frozen=True, slots=True)
class SentPost:
    """The newest post a sink confirmed."""

    sent_at: datetime
    key: str


@dataclass(slots=True)
class StatusReport:
    sources: list[SourceState] = field(default_factory=list)
    quarantined: list[QuarantinedFile] = field(default_factory=list)
    rounds: int = 0
    last_round: str | None = None
    """Name of the newest round file imported."""
    last_post: SentPost | None = None
    last_post_by_source: dict[str, SentPost | None] = field(default_factory=dict)
    backlog: int = 0
    """Deliveries still pending."""
    held: list[HeldPost] = field(default_factory=list)
    tasks: list[TaskState] = field(default_factory=list)
    ambiguous: list[AmbiguousDelivery] = field(default_factory=list)
    leases: dict[str, str] = field(default_factory=dict)
    """Which instance holds each live lease (``source:<name>``, ``bot``) when several share the database."""

    @property
    def failing(self) -> list[TaskState]:
        return [task for task in self.tasks if task.failing_since is not None]

    @property
    def healthy(self) -> bool:
        """Every source connected and no task failing."""
        return all(s.connected for s in self.sources) and not self.failing
