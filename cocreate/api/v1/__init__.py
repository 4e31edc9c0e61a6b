"""Version 1 of the API: one router per domain, mounted under /api/v1/."""

from ninja import Router

from . import accounts

router = Router()
router.add_router("", accounts.router)
