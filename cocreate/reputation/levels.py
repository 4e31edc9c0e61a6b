"""Levels are a pure function of points and the thresholds in SiteSettings."""

from dataclasses import dataclass

from cocreate.core.models import SiteSettings

MAX_LEVEL = 10


def thresholds() -> list[int]:
    return list(SiteSettings.get().level_thresholds)[:MAX_LEVEL]


def level_for(points: int, *, steps: list[int] | None = None) -> int:
    steps = thresholds() if steps is None else steps
    return max(1, sum(1 for needed in steps if points >= needed))


@dataclass(frozen=True)
class Progress:
    level: int
    points: int
    floor: int
    next_at: int | None

    @property
    def percent(self) -> int:
        if self.next_at is None:
            return 100
        span = self.next_at - self.floor
        return max(0, min(100, (self.points - self.floor) * 100 // span)) if span > 0 else 100

    @property
    def to_next(self) -> int:
        return 0 if self.next_at is None else max(0, self.next_at - self.points)


def progress_for(points: int) -> Progress:
    steps = thresholds()
    level = level_for(points, steps=steps)
    floor = steps[level - 1] if level <= len(steps) else 0
    next_at = steps[level] if level < len(steps) else None
    return Progress(level=level, points=points, floor=floor, next_at=next_at)
