"""Weekly moments of a product's release rhythm, read in the product's time
zone: the release weekday and time, the calendar's weekly slots, and the
close of a release's report window ("the following Tuesday 24:00").

Pure functions of a `ProductReleaseSettings` and an instant: the caller
passes `timezone.now()`, so tests travel in time with `time_machine`."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings as django_settings

from .models import ProductReleaseSettings

# The calendar shows this many weekly slots before the coming one, and this
# many from it on.
PAST_WEEKS = 4
NEXT_WEEKS = 8


def zone(settings: ProductReleaseSettings) -> ZoneInfo:
    """The product's time zone; the site's when the stored name is unknown."""
    try:
        return ZoneInfo(settings.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(django_settings.TIME_ZONE)


def local_date(settings: ProductReleaseSettings, moment: datetime) -> date:
    """The day it is at `moment` where the product lives."""
    return moment.astimezone(zone(settings)).date()


def release_moment(settings: ProductReleaseSettings, day: date) -> datetime:
    """The instant a build of `day` comes out: the release time on that day,
    in the product's time zone."""
    return datetime.combine(day, settings.release_time, tzinfo=zone(settings))


def reports_close_at(settings: ProductReleaseSettings, published_at: datetime) -> datetime:
    """The end (24:00) of the first report-closing weekday after the day of
    publishing, in the product's time zone: a Friday build's window closes
    at the end of the following Tuesday, a Tuesday build's a week later."""
    day = local_date(settings, published_at)
    ahead = (settings.report_closes_weekday - day.weekday()) % 7 or 7
    end_of_day = day + timedelta(days=ahead + 1)
    return datetime.combine(end_of_day, time(0, 0), tzinfo=zone(settings))


def coming_slot(settings: ProductReleaseSettings, now: datetime) -> date:
    """The day of the next build: today when its release time is still to
    come, else the next release weekday."""
    today = local_date(settings, now)
    ahead = (settings.release_weekday - today.weekday()) % 7
    if ahead == 0 and now >= release_moment(settings, today):
        ahead = 7
    return today + timedelta(days=ahead)


def weekly_slots(settings: ProductReleaseSettings, now: datetime) -> list[date]:
    """The calendar's days: the release weekday of the past PAST_WEEKS weeks
    and of the NEXT_WEEKS weeks from the coming build on, oldest first."""
    first = coming_slot(settings, now) - timedelta(weeks=PAST_WEEKS)
    return [first + timedelta(weeks=week) for week in range(PAST_WEEKS + NEXT_WEEKS)]


def slot_of(slots: list[date], day: date) -> date | None:
    """The slot whose week (the day itself and the six days after it) holds
    `day`: a build a day late still belongs to its week; None outside the
    calendar."""
    for slot in slots:
        if slot <= day <= slot + timedelta(days=6):
            return slot
    return None


def slots_range(slots: list[date]) -> tuple[date, date]:
    """The first and last day the calendar's slots cover."""
    return slots[0], slots[-1] + timedelta(days=6)
