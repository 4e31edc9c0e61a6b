from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from cocreate.accounts.urls import profile_urlpatterns
from cocreate.api.api import api
from cocreate.core.views import serve_media
from cocreate.moderation.urls import guidelines_urlpatterns

urlpatterns = [
    path("", include("cocreate.core.urls")),
    path("", include(profile_urlpatterns)),
    path("accounts/", include("cocreate.accounts.urls")),
    path("forum/", include("cocreate.forum.urls")),
    path("ideas/", include("cocreate.ideas.urls")),
    path("releases/", include("cocreate.releases.urls")),
    path("beta/", include("cocreate.betas.urls")),
    path("challenges/", include("cocreate.challenges.urls")),
    path("moderation/", include("cocreate.moderation.urls")),
    path("", include(guidelines_urlpatterns)),
    path("", include("cocreate.reputation.urls")),
    path("notifications/", include("cocreate.notifications.urls")),
    path("search/", include("cocreate.search.urls")),
    path("accounts/", include("allauth.urls")),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.SERVE_MEDIA:
    urlpatterns.append(re_path(r"^media/(?P<path>.*)$", serve_media))

if settings.BENCHMARK:
    urlpatterns.append(path("bench/", include("bench.urls")))
