from django.urls import include, path

from . import views

urlpatterns = [
    path("settings/", views.profile_settings, name="account_settings"),
    path("settings/avatar/", views.avatar, name="account_avatar"),
    path("settings/avatar/remove/", views.avatar_remove, name="account_avatar_remove"),
    path("settings/tokens/", include("cocreate.accounts.token_urls")),
    path("settings/data/", views.data_settings, name="account_data"),
    path("settings/data/export/", views.export, name="account_export"),
    path("settings/data/delete/", views.delete, name="account_delete"),
]

# Mounted at the site root by config/urls.py: profiles live at /u/<username>/.
profile_urlpatterns = [
    path("u/<str:username>/", views.profile, name="profile"),
]
