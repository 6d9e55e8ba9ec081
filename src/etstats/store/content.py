"""A round file's bytes as the database keeps them: their hash and a compressed copy.

Kept apart from the importer, with nothing heavy imported, so a bulk import can have a
second process make them for the next batch while this one imports the current batch.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class StoredForm:
    sha256: str
    packed: bytes


def pack(data: bytes) -> bytes:
    """Raw files are kept (compressed) so a Round 2 can be re-derived when its Round 1 arrives late."""
    return zlib.compress(data, 1)


def unpack(blob: bytes) -> bytes:
    return zlib.decompress(blob)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def stored_form(data: bytes) -> StoredForm:
    return StoredForm(sha256_hex(data), pack(data))


def stored_forms(files: Sequence[bytes]) -> list[StoredForm]:
    return [stored_form(data) for data in files]
