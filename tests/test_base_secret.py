"""Pure-Python tests of wiseparts_base/services/secret.py (quick-order links, telephony)."""

import importlib.util
import re
from pathlib import Path

PATH = Path(__file__).resolve().parents[1] / "wiseparts_base" / "services" / "secret.py"
spec = importlib.util.spec_from_file_location("wp_base_secret", PATH)
secret = importlib.util.module_from_spec(spec)
spec.loader.exec_module(secret)


def test_secret_is_urlsafe_and_long_enough():
    value = secret.new_secret()
    assert re.fullmatch(r"[A-Za-z0-9_-]+", value)
    assert len(value) * 6 >= 128
    assert secret.new_secret() != value


def test_hash_is_sha256_hex_and_not_the_secret():
    digest = secret.hash_secret("abc")
    assert digest == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert secret.hash_secret("abd") != digest
    assert secret.hash_secret(None) == secret.hash_secret("")
