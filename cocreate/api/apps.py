from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "cocreate.api"
    label = "api"
    verbose_name = "API"
