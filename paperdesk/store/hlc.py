"""Hybrid logical clock stamps: wall time plus a counter plus a device id, ordered as strings."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from pathlib import Path

from paperdesk.atomic import atomic_write_text
from paperdesk.store.model import new_id

# A stamp is "<wall ms, 13 digits>-<counter, 4 digits>-<device id>": comparing two stamps as
# strings compares wall time, then counter, then device id (the tie-break).
ZERO = "0000000000000-0000-0"
_COUNTER_MAX = 9999
DEVICE_ENV = "PAPERDESK_DEVICE_ID"


def make_stamp(wall_ms: int, counter: int, device: str) -> str:
    """Format one stamp."""
    return f"{wall_ms:013d}-{counter:04d}-{device}"


def parse_stamp(stamp: str) -> tuple[int, int, str]:
    """Split a stamp into (wall ms, counter, device); ValueError when it is not one."""
    wall, counter, device = stamp.split("-", 2)
    if len(wall) != 13 or len(counter) != 4 or not wall.isdigit() or not counter.isdigit():
        raise ValueError(f"not a clock stamp: {stamp!r}")
    return int(wall), int(counter), device


def is_stamp(value: object) -> bool:
    """True when `value` is a well-formed stamp string."""
    if not isinstance(value, str):
        return False
    try:
        parse_stamp(value)
    except ValueError:
        return False
    return True


def _clean_device(text: str) -> str:
    """Keep a device id to letters, digits and underscores (no '-', the stamp separator)."""
    return "".join(c for c in text if c.isalnum() or c == "_")[:32]


def device_id(config_folder: Path | None = None) -> str:
    """Return this machine's device id: $PAPERDESK_DEVICE_ID, else one kept in the config folder."""
    given = _clean_device(os.environ.get(DEVICE_ENV, ""))
    if given:
        return given
    if config_folder is None:
        from paperdesk.paths import config_dir

        config_folder = config_dir()
    path = config_folder / "device-id"
    try:
        known = _clean_device(path.read_text(encoding="ascii").strip())
        if known:
            return known
    except (OSError, UnicodeDecodeError):
        pass
    new = new_id()[:16]
    with contextlib.suppress(OSError):   # an unwritable config folder: this process still stamps consistently
        atomic_write_text(path, new + "\n")
    return new


class Clock:
    """A hybrid logical clock: never goes backwards, and jumps past every stamp it has seen."""

    def __init__(self, device: str, wall: object = None) -> None:
        """`wall()` returns the time in ms (time.time by default; tests pass a skewed one)."""
        self.device = _clean_device(device) or "0"
        self._wall = wall if callable(wall) else (lambda: int(time.time() * 1000))
        self._last = (0, 0)
        self._lock = threading.Lock()

    def observe(self, stamp: str) -> None:
        """Move the clock past a stamp read from elsewhere (another device's change)."""
        try:
            wall, counter, _device = parse_stamp(stamp)
        except (ValueError, AttributeError):
            return
        with self._lock:
            if (wall, counter) > self._last:
                self._last = (wall, counter)

    def now(self) -> str:
        """Return a new stamp greater than every stamp made or observed before."""
        with self._lock:
            wall = int(self._wall())
            last_wall, last_counter = self._last
            if wall > last_wall:
                self._last = (wall, 0)
            elif last_counter < _COUNTER_MAX:
                self._last = (last_wall, last_counter + 1)
            else:
                self._last = (last_wall + 1, 0)
            return make_stamp(*self._last, self.device)

    @property
    def last(self) -> str:
        """The newest stamp made or observed (ZERO when none)."""
        return make_stamp(*self._last, self.device) if self._last != (0, 0) else ZERO
