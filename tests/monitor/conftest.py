"""The monitor's SFTP tests reuse the real sshd fixture of the source tests."""

from tests.sources.conftest import sshd

__all__ = ["sshd"]
