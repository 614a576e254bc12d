"""Memory of a long run: freed memory handed back to the system."""

from __future__ import annotations


def release_freed_memory() -> None:
    """Hand memory freed by big temporary arrays and by many small objects back to the system.

    glibc keeps freed memory for reuse otherwise, so a process's resident memory would stay at its
    high-water mark (and fragments of it would add to the next peak); a no-op elsewhere.
    """
    import ctypes

    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError, TypeError):  # not glibc
        pass
