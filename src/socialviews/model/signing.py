"""Signatures of stored models: an HMAC of each model file under a key only this user has.

A model this user trained or imported is signed when it is stored; only a signed model's pipeline
(a pickle, which runs code when loaded) is loaded without ``--allow-pickle``.
"""

from __future__ import annotations

import os
from pathlib import Path

TRUST_KEY_FILE = "trust.key"


def trust_key_path() -> Path:
    """The key that signs the models this user writes: ``$XDG_CONFIG_HOME/socialviews/trust.key``
    (``~/.config/socialviews/trust.key``). It lives outside every store, so a store that is sent
    or copied never carries it."""
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "socialviews" / TRUST_KEY_FILE


def _trust_key(create: bool = False) -> bytes | None:
    path = trust_key_path()
    for _ in range(2):
        try:
            key = bytes.fromhex(path.read_text(encoding="ascii").strip())
            return key if len(key) >= 16 else None
        except FileNotFoundError:
            if not create:
                return None
        except (OSError, ValueError):
            return None
        import logging
        import secrets

        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first: read theirs
            continue
        except OSError as exc:
            logging.getLogger(__name__).warning(
                "cannot create %s (%s): the model is stored unsigned, and its pipeline will need --allow-pickle",
                path, exc.strerror)
            return None
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32) + "\n")
    return None


def _signature(key: bytes, model_sha256: str) -> str:
    import hashlib
    import hmac

    return hmac.new(key, f"socialviews-model:{model_sha256}".encode(), hashlib.sha256).hexdigest()


def sign_manifest(manifest: dict) -> dict:
    """``manifest`` with a ``signature``: an HMAC of its model's sha256 under this user's key."""
    key = _trust_key(create=True)
    if key is None:
        return manifest
    return {**manifest, "signature": _signature(key, str(manifest["model_sha256"]))}


def written_by_this_user(manifest: dict) -> bool:
    """True when the manifest's signature was made with this user's key (the model was trained or
    imported here); a folder copied from elsewhere, or edited, is not."""
    import hmac

    key = _trust_key()
    signature, digest = manifest.get("signature"), manifest.get("model_sha256")
    if key is None or not isinstance(signature, str) or not isinstance(digest, str):
        return False
    return hmac.compare_digest(signature, _signature(key, digest))
