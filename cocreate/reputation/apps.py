from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReputationConfig(AppConfig):
    name = "cocreate.reputation"
    label = "reputation"
    verbose_name = _("Reputation")
