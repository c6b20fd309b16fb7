"""Every setting and its default, in one place (as Scrapy keeps `default_settings.py`).

`configs/default.toml` documents the same values for users; a test keeps the two identical. A user
config file overrides any subset; unknown keys are an error, not silently ignored.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from verifier import __version__


class ConfigError(ValueError):
    """A config file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class ExtractSettings:
    # Largest report file read (bytes); bigger inputs are refused with a clear error.
    max_report_bytes: int = 200 * 1024 * 1024
    # Largest report downloaded when a report is given as an http(s) URL.
    max_download_bytes: int = 100 * 1024 * 1024
    # Seconds allowed to download a report given as a URL.
    download_timeout_s: float = 60.0
    # Seconds a report PDF may take to read (in a worker process that is stopped after that).
    pdf_timeout_s: float = 120.0
    # Address-space limit of the worker reading report PDFs (MiB).
    pdf_memory_mb: int = 1024
    # Seconds a text or HTML report may take to extract (in a worker stopped after that).
    text_timeout_s: float = 600.0
    # Address-space limit of the worker extracting text and HTML reports (MiB); a report at
    # max_report_bytes needs about ten times its size.
    text_memory_mb: int = 4096


@dataclass(frozen=True, slots=True)
class CrawlSettings:
    # Simultaneous requests over the whole run.
    max_concurrency: int = 16
    # Simultaneous requests to one host (host:port). Small corporate servers: keep it low.
    per_host_concurrency: int = 2
    # Minimum seconds between the starts of two requests to the same host.
    per_host_delay_s: float = 0.25
    # Gap a host gets when it first answers 429 or 503 (seconds); it doubles at each new refusal,
    # and each accepted request halves it back towards per_host_delay_s.
    throttle_gap_s: float = 0.5
    # Largest gap a throttling host is given (seconds).
    throttle_max_gap_s: float = 30.0
    # TCP connect timeout (seconds).
    connect_timeout_s: float = 10.0
    # Longest silence waiting for headers or between two chunks (seconds); silence in a body is a
    # stall (not retried).
    read_timeout_s: float = 30.0
    # Slowest transfer accepted (curl's --speed-limit/--speed-time): a body bringing fewer than
    # min_rate_bytes_s * min_rate_window_s bytes in any min_rate_window_s seconds is stalled,
    # verdict unreachable, not retried. 0 turns it off. Slow but steady transfers are never cut.
    min_rate_bytes_s: int = 1024
    min_rate_window_s: float = 30.0
    # Generous whole-document cap, headers to last byte, per attempt (seconds), not retried:
    # 100 MiB at 120 KB/s. The minimum rate, not this, is what catches a dying server.
    document_timeout_s: float = 900.0
    # Attempts per URL, first one included.
    max_attempts: int = 3
    # Exponential backoff: base, cap and jitter (seconds).
    backoff_base_s: float = 0.5
    backoff_max_s: float = 20.0
    backoff_jitter_s: float = 1.0
    # Longest Retry-After honoured (seconds); longer waits are capped, with a note in the reason.
    retry_after_cap_s: float = 60.0
    # HTTP statuses retried (others are final).
    retry_statuses: tuple[int, ...] = (408, 425, 429, 500, 502, 503, 504)
    # Redirect hops followed before giving up.
    max_redirects: int = 10
    # Largest body kept, counted after content decoding (bytes).
    max_body_bytes: int = 100 * 1024 * 1024
    # Allow private, loopback, link-local and multicast addresses (never in production runs).
    allow_private: bool = False
    # Allow loopback addresses only (a replica on this machine, tests); implied by allow_private.
    allow_loopback: bool = False
    user_agent: str = (
        f"verifier/{__version__} (evidence-link checker for audit reports; "
        "+https://github.com/verifier/verifier)"
    )
    # Per-host proxies ([crawl.proxies]): host pattern (a name, or a glob such as "*.cn") to a
    # proxy URL, http://host:port (CONNECT for https) or socks5://host:port (socks5h:// is the
    # same: the proxy always resolves the name). First matching pattern, in the order written.
    # Credentials in a proxy URL are sent to the proxy only, never logged or reported.
    proxies: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class FingerprintSettings:
    # Parser worker processes; 0 means one per CPU core.
    workers: int = 0
    # Seconds one document may take to parse before its worker is stopped (verdict unparseable).
    timeout_s: float = 60.0
    # Address-space limit of each parser worker (MiB): a PDF bomb fails there, not here.
    memory_mb: int = 1024
    # Pages read per document; more are counted and noted, not read.
    max_pages: int = 3000
    # Documents a worker parses before it is replaced (bounds any leak, and how many documents
    # a parser state corrupted by one hostile file could see).
    max_tasks_per_worker: int = 50


@dataclass(frozen=True, slots=True)
class StoreSettings:
    # History database (SQLite); `--db` overrides.
    db: str = "data/history.sqlite"
    # Evidence archive: every distinct document version, named by its SHA-256.
    archive_dir: str = "data/archive"
    # Seconds a run waits for another run on the same database before giving up.
    lock_wait_s: float = 0.0


@dataclass(frozen=True, slots=True)
class ArchiveLookupSettings:
    # Look up archived copies of cited documents that are not ok (never for ok ones).
    enabled: bool = True
    # The Wayback Machine: CDX search, raw captures and Save Page Now under this address.
    wayback_url: str = "https://web.archive.org"
    # Minimum seconds between two lookup requests (CDX search allows about 30 a minute).
    min_gap_s: float = 2.0
    # Minimum seconds between two Save Page Now requests (3 to 4 a minute for anonymous users).
    save_min_gap_s: float = 20.0
    # Largest archived capture downloaded to compare with the audited version (bytes).
    max_capture_bytes: int = 100 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Settings:
    extract: ExtractSettings = field(default_factory=ExtractSettings)
    crawl: CrawlSettings = field(default_factory=CrawlSettings)
    fingerprint: FingerprintSettings = field(default_factory=FingerprintSettings)
    store: StoreSettings = field(default_factory=StoreSettings)
    archive_lookup: ArchiveLookupSettings = field(default_factory=ArchiveLookupSettings)


def _merge(obj: Any, data: dict[str, Any], where: str) -> Any:
    known = {f.name: f for f in fields(obj)}
    changes: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            raise ConfigError(f"{where}: unknown setting {key!r} (known: {', '.join(known)})")
        current = getattr(obj, key)
        name = f"{where}.{key}" if where else key
        if is_dataclass(current):
            if not isinstance(value, dict):
                raise ConfigError(f"{name}: expected a table")
            changes[key] = _merge(current, value, name)
            continue
        changes[key] = _coerce(current, value, name)
    return replace(obj, **changes)


def _coerce(current: Any, value: Any, name: str) -> Any:
    if isinstance(current, bool):
        if not isinstance(value, bool):
            raise ConfigError(f"{name}: expected true or false, got {value!r}")
        return value
    if isinstance(current, int) and not isinstance(value, bool) and isinstance(value, int):
        if value < 0:
            raise ConfigError(f"{name}: must not be negative")
        return value
    if (
        isinstance(current, float)
        and isinstance(value, int | float)
        and not isinstance(value, bool)
    ):
        if value < 0:
            raise ConfigError(f"{name}: must not be negative")
        return float(value)
    if isinstance(current, str) and isinstance(value, str):
        return value
    if isinstance(current, tuple) and isinstance(value, list):
        return tuple(value)
    if isinstance(current, dict) and isinstance(value, dict):
        return _proxy_table(value, name)
    raise ConfigError(f"{name}: expected {type(current).__name__}, got {value!r}")


PROXY_SCHEMES = ("http", "socks5", "socks5h")


def _proxy_table(value: dict[str, Any], name: str) -> dict[str, str]:
    """Host patterns to proxy URLs, checked here so a typo is a config error, not a failed run."""
    out: dict[str, str] = {}
    for pattern, proxy in value.items():
        where = f"{name}.{pattern!r}"
        if not pattern.strip() or not isinstance(proxy, str):
            raise ConfigError(f'{where}: expected a host pattern = "scheme://host:port"')
        if any(c in pattern for c in "/:@ "):
            raise ConfigError(f"{where}: a host pattern is a host name or glob, not a URL")
        try:
            parts = urlsplit(proxy)
            port = parts.port
        except ValueError as exc:
            raise ConfigError(f"{where}: malformed proxy URL: {exc}") from None
        if parts.scheme.lower() not in PROXY_SCHEMES:
            raise ConfigError(
                f"{where}: proxy scheme {parts.scheme or '(none)'!r} not supported "
                f"(use {', '.join(s + '://' for s in PROXY_SCHEMES)})"
            )
        if not parts.hostname or port is None:
            raise ConfigError(f"{where}: a proxy URL needs a host and a port")
        out[pattern.strip().lower()] = proxy
    return out


def load_settings(path: str | Path | None = None) -> Settings:
    """Defaults, overridden by the TOML file at `path` when given."""
    settings = Settings()
    if path is None:
        return settings
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{p}: config file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{p}: not valid TOML: {exc}") from None
    return _merge(settings, data, "")
