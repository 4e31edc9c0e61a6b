"""Version 1 of the API: one router per domain, mounted under /api/v1/."""

from ninja import Router

from . import (
    accounts,
    betas,
    challenges,
    entries,
    forum,
    ideas,
    judging,
    moderation,
    notifications,
    releases,
    reports,
    reputation,
    roadmap,
    royalties,
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
router.add_router("", judging.router)
router.add_router("", royalties.router)
router.add_router("", challenges.router)
router.add_router("", entries.router)
