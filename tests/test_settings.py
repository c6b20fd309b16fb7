"""configs/default.toml documents the built-in defaults: keep the two identical."""

import tomllib
from dataclasses import asdict
from pathlib import Path

import pytest

from verifier.settings import ConfigError, Settings, load_settings

ROOT = Path(__file__).resolve().parent.parent


def test_default_toml_matches_builtin_defaults():
    data = tomllib.loads((ROOT / "configs" / "default.toml").read_text(encoding="utf-8"))
    builtin = asdict(Settings())
    for section, values in builtin.items():
        assert section in data, f"[{section}] missing from configs/default.toml"
        for key, value in values.items():
            assert key in data[section], f"{section}.{key} missing from configs/default.toml"
            got = data[section][key]
            expected = list(value) if isinstance(value, tuple) else value
            assert got == expected, f"{section}.{key}: toml {got!r} != built-in {expected!r}"
        assert set(data[section]) == set(values), f"[{section}] has keys the code does not know"
    assert load_settings(ROOT / "configs" / "default.toml") == Settings()


def test_override_and_unknown_key(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text("[crawl]\nper_host_concurrency = 5\n")
    assert load_settings(cfg).crawl.per_host_concurrency == 5
    cfg.write_text("[crawl]\nper_host_concurency = 5\n")
    with pytest.raises(ConfigError, match="unknown setting 'per_host_concurency'"):
        load_settings(cfg)


def test_bad_values_are_clear_errors(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text("[crawl]\nmax_attempts = 'three'\n")
    with pytest.raises(ConfigError, match=r"crawl\.max_attempts"):
        load_settings(cfg)
    cfg.write_text("[crawl\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(cfg)
    with pytest.raises(ConfigError, match="not found"):
        load_settings(tmp_path / "missing.toml")
