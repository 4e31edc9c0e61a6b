"""Version 1 of the API: one router per domain, mounted under /api/v1/."""

from ninja import Router

from . import (
    accounts,
    betas,
    entries,  # Challenge entries.
    forum,
    ideas,
    moderation,
    notifications,
    releases,
    reports,
    reputation,
    roadmap,
    search,
)

router = Router()
router.add_router("", accounts.router)
router.add_router("", reputation.router)
router.add_router("", notifications.router)
router.add_router("", forum.router)
router.add_router("", moderation.router)
router.add_router("", ideas.router)
router.add_router("", roadmap.router)
router.add_router("", releases.router)
router.add_router("", search.router)
router.add_router("", betas.router)
router.add_router("", reports.router)
router.add_router("", entries.router)  # Challenge entries.
