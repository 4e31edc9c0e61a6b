from django.conf import settings

from .models import SiteSettings


def site(request) -> dict:
    return {
        "site_settings": SiteSettings.get(),
        "demo_mode": settings.DEMO_MODE,
    }
