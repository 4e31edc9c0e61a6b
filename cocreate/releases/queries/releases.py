"""Who sees which release. Published releases of the public channels are for
everyone; those of a restricted channel (beta) only for the active members of
a beta program of that product and channel; drafts and scheduled releases,
and everything else, for staff."""

from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from cocreate.betas.queries import member_channels

from ..enums import Channel, ReleaseStatus
from ..models import Release

PUBLIC_CHANNELS = tuple(channel for channel in Channel if not channel.is_restricted)


def visible_filter(user: Any) -> Q:
    """The condition on releases that `user` may see."""
    if getattr(user, "is_staff", False):
        return Q()
    seen = Q(channel__in=PUBLIC_CHANNELS)
    pairs = [Q(product_id=product, channel=channel) for product, channel in member_channels(user)]
    return Q(status=ReleaseStatus.PUBLISHED) & reduce(or_, pairs, seen)


def releases_visible_to(user: Any) -> QuerySet[Release]:
    return Release.objects.filter(visible_filter(user))


def get_release_for(user: Any, release_id: int) -> Release:
    """A release `user` may see, with its product and the product's release
    settings; 404 otherwise."""
    return get_object_or_404(
        releases_visible_to(user).select_related("product__release_settings"), pk=release_id
    )
