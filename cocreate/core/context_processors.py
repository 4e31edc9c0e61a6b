from django.conf import settings

from .models import SiteSettings


def site(request) -> dict:
    return {
        "site": SiteSettings.get(),
        "demo_mode": settings.DEMO_MODE,
    }
