from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BetasConfig(AppConfig):
    name = "cocreate.betas"
    label = "betas"
    verbose_name = _("Beta programs")
