"""Effective settings: defaults, then one TOML file, then ``KIOSK_*`` variables, then options.

Every setting has a dotted key (``site.name``), the section and name it has in the TOML file,
and an environment variable. A wrong key or value raises :class:`SettingsError` with one
sentence naming where it came from, the key and what is wrong.
"""

import difflib
import os
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import time
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import available_timezones

import platformdirs

from kiosk.errors import SettingsError
from kiosk.languages import language, language_codes

APP_NAME = "lobby-kiosk"
VERIFICATION_MODES = ("none", "id_last4", "id_match", "staff")
WALKIN_CONTACTS = ("phone", "email", "either")
BUNDLED_FONT, PRINTER_FONT, AUTO_FONT = "bundled", "printer", "auto"
PRINTER_FONTS = (AUTO_FONT, BUNDLED_FONT, PRINTER_FONT)
BRAND_CONTRAST = 4.5
"""How badges print text: drawn with the bundled fonts, or in the printer's own font (fewer
bytes, for slow serial printers); ``auto`` (the default) chooses by the printer's line (see
:func:`kiosk.badge.printers.badge_font`)."""
PRINTER_SCHEMES = ("dummy", "file", "tcp", "usb", "serial", "cups")
SMTP_SCHEMES = ("smtp", "smtp+starttls", "smtps", "folder")
PORTAL_SCHEMES = ("http", "https")
DATABASE_SCHEMES = ("sqlite", "postgresql+psycopg")


@dataclass(frozen=True)
class Settings:
    """What one kiosk process runs with. Build it with :func:`load_settings`."""

    site_name: str
    site_address: str
    policy_url: str
    timezone: str
    kiosk_id: str
    language: str
    languages: tuple[str, ...]
    database_url: str
    printer: str
    printer_profile: str
    printer_timeout: int
    printer_font: str
    camera: int | None
    """Index of the camera that reads QR codes on the welcome screen; None: scanner only."""
    smtp_url: str | None
    mail_from: str
    portal_url: str
    """Where hosts reach the web portal: the address sign-in links in emails point to."""
    inactivity_timeout: int
    arrival_grace_minutes: int
    longest_invitation_days: int
    """How far ahead an invitation may end."""
    verification: str
    walkin_contact: str
    auto_checkout_at: time
    staff_pin_hash: str | None
    logo: Path | None
    brand_colour: str
    """The site's colour (#RRGGBB): the kiosk's buttons and welcome card are drawn in it."""
    data_dir: Path
    key_file: Path
    map_url: str | None = None
    """A map of the site's address, linked from a guest's invitation page."""
    notify_guest_phone: str | None = None
    """Where a guest invited with a phone gets their invitation: an Apprise URL with {phone}."""
    notify_host_phone: str | None = None
    """Where a host who chose their phone hears of an arrival: an Apprise URL with {phone}."""
    notify_reception: tuple[str, ...] = ()
    """Apprise URLs that get every new reception alert."""
    registry: Path | None = None
    """The operator's own purpose registry file; None: the bundled one in force."""
    privacy_enable: tuple[str, ...] = ()
    privacy_disable: tuple[str, ...] = ()
    retention_days: Mapping[str, int] = field(default_factory=dict)
    sources: Mapping[str, str] = field(default_factory=dict, compare=False)

    @property
    def log_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def badge_dir(self) -> Path:
        """Where the preview printer writes badge images."""
        return self.data_dir / "badges"


def _text(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError("must be a non-empty text")
    return value.strip()


def _optional_text(value: Any) -> str | None:
    return _text(value) if value not in (None, "") else None


def _pin_hash(value: Any) -> str | None:
    """The line ``kiosk config hash-pin`` prints (``scrypt$N$r$p$salt$hash``), never the PIN."""
    text = _optional_text(value)
    if text is not None and not re.fullmatch(r"scrypt(\$\d+){3}(\$[A-Za-z0-9+/]+=*){2}", text):
        raise ValueError(
            "is not a PIN hash: set it to what `kiosk config hash-pin` prints, never the PIN itself"
        )
    return text


def _choice(choices: tuple[str, ...]) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        if value not in choices:
            raise ValueError(f"{value!r} is not one of {', '.join(choices)}")
        return value

    return parse


def _timezone(value: Any) -> str:
    """An IANA zone name, looked up in the list of known zones (asking ``ZoneInfo`` for any text
    can recurse or open files named after it)."""
    name = _text(value)
    if name not in _known_zones():
        raise ValueError(f"{name!r} is not a known time zone (e.g. Asia/Jakarta)")
    return name


@cache
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def _language(value: Any) -> str:
    return language(str(value).strip()).code


def _languages(value: Any) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not items:
        raise ValueError(f"must be a list drawn from {', '.join(language_codes())}")
    languages = tuple(_language(item) for item in items)
    if len(set(languages)) != len(languages):
        raise ValueError("lists a language twice")
    return languages


def _clock(value: Any) -> time:
    try:
        return value if isinstance(value, time) else time.fromisoformat(_text(value))
    except ValueError:
        raise ValueError(f"{value!r} is not a time like 23:00") from None


def _keys(value: Any) -> tuple[str, ...]:
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
        raise ValueError("must be a list of purpose or field names")
    return tuple(item.strip() for item in items if item.strip())


def _web_address(value: Any) -> str:
    url = _text(value)
    if not url.startswith(("https://", "http://")):
        raise ValueError(f"{url!r} must be a web address starting with https://")
    return url


def _whole(unit: str, low: int, high: int) -> Callable[[Any], int]:
    def parse(value: Any) -> int:
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValueError(f"{value!r} is not a whole number of {unit}") from None
        if isinstance(value, bool) or not low <= number <= high:
            raise ValueError(f"must be between {low} and {high} {unit}")
        return number

    return parse


def _url(schemes: tuple[str, ...], example: str) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        url = _text(value)
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme not in schemes:
            prefixes = ", ".join(f"{scheme}:" for scheme in schemes)
            shown = mask_url(url)
            raise ValueError(f"{shown!r} must start with one of {prefixes} (e.g. {example})")
        return url

    return parse


SERVICE_URL = re.compile(r"[a-z][a-z0-9+.-]{1,31}://\S+")
PHONE_PLACE = "{phone}"
"""In a phone channel's URL: the number, in E.164 digits without "+"."""


def _service_url(value: Any, *, phone: bool = False) -> str:
    url = _text(value)
    if not SERVICE_URL.fullmatch(url):
        raise ValueError(
            f"{mask_service_url(url)!r} is not a channel's address (json://…, tgram://…, …)"
        )
    if phone and PHONE_PLACE not in url:
        raise ValueError(f"{mask_service_url(url)!r} must hold {PHONE_PLACE} where the number goes")
    return url


def _phone_channel(value: Any) -> str | None:
    return _service_url(value, phone=True) if value not in (None, "") else None


def _service_urls(value: Any) -> tuple[str, ...]:
    """A TOML list, or URLs separated by commas (a comma inside a URL stays with it)."""
    if isinstance(value, str):
        value = re.split(r",\s*(?=[a-z][a-z0-9+.-]{1,31}://)", value.strip())
    if not isinstance(value, list | tuple):
        raise ValueError("must be a list of channel addresses")
    return tuple(_service_url(url) for url in value if str(url).strip())


def mask_service_url(url: str) -> str:
    """A channel's address as a person may see it: its kind, never its secrets (a chat's token
    may stand anywhere in it)."""
    scheme = url.split("://", 1)[0] if "://" in url else "?"
    return f"{scheme}://***"


def _optional_web_address(value: Any) -> str | None:
    return _web_address(value) if value not in (None, "") else None


def _portal_url(value: Any) -> str:
    """The portal's public address, without a trailing slash."""
    return _url(PORTAL_SCHEMES, "https://visitors.example.com")(value).rstrip("/")


def _database_url(value: Any) -> str:
    url = _text(value)
    for alias in ("postgres://", "postgresql://"):
        if url.startswith(alias):
            url = "postgresql+psycopg://" + url[len(alias) :]
    return _url(DATABASE_SCHEMES, "sqlite:///path/kiosk.db, postgresql+psycopg://user@host/db")(url)


def _mail_from(value: Any) -> str:
    address = _text(value)
    if "@" not in address.rsplit("<", 1)[-1]:
        raise ValueError(f"{address!r} is not an email address")
    return address


def relative_luminance(red: float, green: float, blue: float) -> float:
    """WCAG 2.1's relative luminance of a colour given as 0..1 channels."""

    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue)


def _brand_colour(value: Any) -> str:
    """``#RRGGBB``, dark enough for the white text drawn on it (4.5:1, WCAG AA)."""
    text = _text(value)
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", text):
        raise ValueError(f"{text!r} is not a colour like #00787C")
    channels = [int(text[at : at + 2], 16) / 255 for at in (1, 3, 5)]
    ratio = 1.05 / (relative_luminance(*channels) + 0.05)
    if ratio < BRAND_CONTRAST:
        raise ValueError(
            f"{text} is too light for the white text on the kiosk's buttons "
            f"({ratio:.1f}:1, needs {BRAND_CONTRAST:g}:1); choose a darker shade"
        )
    return text.upper()


def _path(value: Any) -> Path:
    return Path(_text(value)).expanduser()


MAX_CAMERA = 15


def _optional_camera(value: Any) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool) or not str(value).isdigit() or int(value) > MAX_CAMERA:
        raise ValueError(f"{value!r} is not a camera number (0 for the first, up to {MAX_CAMERA})")
    return int(value)


def _optional_path(value: Any) -> Path | None:
    return _path(value) if value not in (None, "") else None


@dataclass(frozen=True)
class Option:
    key: str
    field: str
    env: str
    parse: Callable[[Any], Any]
    secret: bool = False


OPTIONS = (
    Option("site.name", "site_name", "KIOSK_SITE_NAME", _text),
    Option("site.address", "site_address", "KIOSK_SITE_ADDRESS", _text),
    Option("site.policy_url", "policy_url", "KIOSK_POLICY_URL", _web_address),
    Option("site.map_url", "map_url", "KIOSK_MAP_URL", _optional_web_address),
    Option("site.timezone", "timezone", "KIOSK_TIMEZONE", _timezone),
    Option("site.logo", "logo", "KIOSK_LOGO", _optional_path),
    Option("site.brand_colour", "brand_colour", "KIOSK_BRAND_COLOUR", _brand_colour),
    Option("site.language", "language", "KIOSK_LANG", _language),
    Option("site.languages", "languages", "KIOSK_LANGUAGES", _languages),
    Option("kiosk.id", "kiosk_id", "KIOSK_ID", _text),
    Option(
        "kiosk.inactivity_timeout",
        "inactivity_timeout",
        "KIOSK_INACTIVITY_TIMEOUT",
        _whole("seconds", 10, 3600),
    ),
    Option(
        "kiosk.arrival_grace_minutes",
        "arrival_grace_minutes",
        "KIOSK_ARRIVAL_GRACE",
        _whole("minutes", 0, 720),
    ),
    Option(
        "kiosk.longest_invitation_days",
        "longest_invitation_days",
        "KIOSK_LONGEST_INVITATION_DAYS",
        _whole("days", 1, 3660),
    ),
    Option("kiosk.verification", "verification", "KIOSK_VERIFICATION", _choice(VERIFICATION_MODES)),
    Option(
        "kiosk.walkin_contact", "walkin_contact", "KIOSK_WALKIN_CONTACT", _choice(WALKIN_CONTACTS)
    ),
    Option("kiosk.auto_checkout_at", "auto_checkout_at", "KIOSK_AUTO_CHECKOUT_AT", _clock),
    Option("kiosk.staff_pin_hash", "staff_pin_hash", "KIOSK_STAFF_PIN_HASH", _pin_hash, True),
    Option("database.url", "database_url", "KIOSK_DATABASE_URL", _database_url, True),
    Option("printer.uri", "printer", "KIOSK_PRINTER", _url(PRINTER_SCHEMES, "tcp://host:9100")),
    Option("printer.profile", "printer_profile", "KIOSK_PRINTER_PROFILE", _text),
    Option("printer.timeout", "printer_timeout", "KIOSK_PRINTER_TIMEOUT", _whole("seconds", 1, 60)),
    Option("printer.font", "printer_font", "KIOSK_PRINTER_FONT", _choice(PRINTER_FONTS)),
    Option("scanner.camera", "camera", "KIOSK_CAMERA", _optional_camera),
    Option("mail.smtp_url", "smtp_url", "KIOSK_SMTP_URL", _url(SMTP_SCHEMES, "smtp://h:25"), True),
    Option("mail.from", "mail_from", "KIOSK_MAIL_FROM", _mail_from),
    Option("portal.url", "portal_url", "KIOSK_PORTAL_URL", _portal_url),
    Option(
        "notify.guest_phone", "notify_guest_phone", "KIOSK_NOTIFY_GUEST_PHONE", _phone_channel, True
    ),
    Option(
        "notify.host_phone", "notify_host_phone", "KIOSK_NOTIFY_HOST_PHONE", _phone_channel, True
    ),
    Option("notify.reception", "notify_reception", "KIOSK_NOTIFY_RECEPTION", _service_urls, True),
    Option("privacy.registry", "registry", "KIOSK_POLICY", _optional_path),
    Option("privacy.enable", "privacy_enable", "KIOSK_PRIVACY_ENABLE", _keys),
    Option("privacy.disable", "privacy_disable", "KIOSK_PRIVACY_DISABLE", _keys),
    Option("paths.data_dir", "data_dir", "KIOSK_DATA_DIR", _path),
    Option("paths.key_file", "key_file", "KIOSK_KEY_FILE", _path),
)
OPTIONS_BY_KEY = {option.key: option for option in OPTIONS}
SECTIONS = {key.split(".")[0] for key in OPTIONS_BY_KEY}
RETENTION_SECTION = "retention"


def default_config_file() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


def _defaults(data_dir: Path) -> dict[str, Any]:
    return {
        "site.name": "Lobby",
        "site.address": "Jakarta",
        "site.policy_url": None,
        "site.timezone": "Asia/Jakarta",
        "site.logo": None,
        "site.brand_colour": "#00787C",
        "site.language": "id",
        "site.languages": language_codes(),
        "kiosk.id": "kiosk-1",
        "kiosk.inactivity_timeout": 60,
        "kiosk.arrival_grace_minutes": 60,
        "kiosk.longest_invitation_days": 365,
        "kiosk.verification": "none",
        "kiosk.walkin_contact": "either",
        "kiosk.auto_checkout_at": time(23, 0),
        "kiosk.staff_pin_hash": None,
        "database.url": f"sqlite:///{data_dir / 'kiosk.sqlite3'}",
        "printer.uri": "dummy:",
        "printer.profile": "TM-T20II",
        "printer.timeout": 5,
        "printer.font": AUTO_FONT,
        "scanner.camera": None,
        "mail.smtp_url": None,
        "mail.from": "kiosk@localhost",
        "portal.url": "http://127.0.0.1:8080",
        "site.map_url": None,
        "notify.guest_phone": None,
        "notify.host_phone": None,
        "notify.reception": (),
        "privacy.registry": None,
        "privacy.enable": (),
        "privacy.disable": (),
        "paths.data_dir": data_dir,
        "paths.key_file": data_dir / "site.key",
    }


def _read_file(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            document = tomllib.load(handle)
    except FileNotFoundError:
        raise SettingsError(f"{path}: the configuration file does not exist") from None
    except OSError as error:
        raise SettingsError(f"{path}: cannot read it ({error.strerror})") from None
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{path}: not valid TOML: {error}") from None
    except UnicodeDecodeError:
        raise SettingsError(f"{path}: not UTF-8 text; save it as UTF-8") from None
    return document


def _flatten(document: dict[str, Any], origin: str) -> tuple[dict[str, Any], dict[str, int]]:
    """Splits a TOML document into dotted settings and the retention table, refusing typos."""
    values: dict[str, Any] = {}
    retention: dict[str, int] = {}
    for section, table in document.items():
        if section == RETENTION_SECTION and isinstance(table, dict):
            for purpose, days in table.items():
                retention[purpose] = _retention_days(f"{origin}: retention.{purpose}", days)
            continue
        if not isinstance(table, dict) or section not in SECTIONS:
            _unknown(origin, section)
        for name, value in table.items():
            key = f"{section}.{name}"
            if key not in OPTIONS_BY_KEY:
                _unknown(origin, key)
            values[key] = value
    return values, retention


def _retention_days(where: str, days: Any) -> int:
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise SettingsError(f"{where}: must be a whole number of days, at least 1")
    return days


def _unknown(origin: str, key: str) -> None:
    known = [*OPTIONS_BY_KEY, RETENTION_SECTION]
    close = difflib.get_close_matches(key, known, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    raise SettingsError(f"{origin}: unknown setting '{key}'{hint}")


def load_settings(
    config_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Resolves the settings. ``config_file`` None means ``KIOSK_CONFIG`` or the user config file.

    ``overrides`` holds command-line values by dotted key; they win over everything else.
    """
    environ = os.environ if environ is None else environ
    explicit = config_file or environ.get("KIOSK_CONFIG")
    path = Path(explicit).expanduser() if explicit else default_config_file()
    document = _read_file(path) if explicit or path.exists() else {}
    file_values, retention = _flatten(document, str(path))

    raw: dict[str, tuple[Any, str]] = {}
    for option in OPTIONS:
        if option.key in file_values:
            raw[option.key] = (file_values[option.key], str(path))
        if environ.get(option.env, "") != "":
            raw[option.key] = (environ[option.env], option.env)
        if overrides and overrides.get(option.key) is not None:
            raw[option.key] = (overrides[option.key], "command line")

    parsed = {key: _parse(OPTIONS_BY_KEY[key], *value_origin) for key, value_origin in raw.items()}
    data_dir = parsed.get("paths.data_dir") or Path(platformdirs.user_data_dir(APP_NAME))
    values = _defaults(data_dir) | parsed
    values["site.policy_url"] = values["site.policy_url"] or f"{values['portal.url']}/privacy"
    if values["site.language"] not in values["site.languages"]:
        origin = raw.get("site.language", raw.get("site.languages", ("", "defaults")))[1]
        raise SettingsError(f"{origin}: site.language must be one of site.languages")
    sources = {key: raw[key][1] if key in raw else "default" for key in OPTIONS_BY_KEY}
    sources[RETENTION_SECTION] = str(path)
    return Settings(
        **{OPTIONS_BY_KEY[key].field: value for key, value in values.items()},
        retention_days=retention,
        sources=sources,
    )


def _parse(option: Option, value: Any, origin: str) -> Any:
    try:
        return option.parse(value)
    except ValueError as error:
        raise SettingsError(f"{origin}: {option.key}: {error}") from None


def mask_url(url: str) -> str:
    """The URL with its password replaced by ``***``, for messages and ``config show``."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))


def displayed_settings(settings: Settings) -> list[tuple[str, str, str]]:
    """(key, value with secrets masked, where it came from) for every setting."""
    rows = []
    for option in OPTIONS:
        value = getattr(settings, option.field)
        if value is None:
            shown = "(not set)"
        elif option.key == "kiosk.staff_pin_hash":
            shown = "(set)"
        elif option.key.startswith("notify."):
            urls = value if isinstance(value, tuple) else (value,)
            shown = ", ".join(mask_service_url(url) for url in urls) or "(not set)"
        elif option.secret:
            shown = mask_url(str(value))
        elif isinstance(value, tuple):
            shown = ", ".join(value)
        else:
            shown = str(value)
        rows.append((option.key, shown, settings.sources.get(option.key, "default")))
    for purpose, days in sorted(settings.retention_days.items()):
        rows.append((f"retention.{purpose}", f"{days} days", settings.sources[RETENTION_SECTION]))
    return rows
