"""What a check yields: a span in the source, the message's values, and optional fix edits."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..document import Span
from ..findings import Edit


@dataclass(frozen=True, slots=True)
class Hit:
    span: Span
    values: dict = field(default_factory=dict)
    edits: tuple[Edit, ...] = ()
