from django.core.validators import MaxLengthValidator, RegexValidator
from django.utils.translation import gettext_lazy as _

username_validators = [
    RegexValidator(
        r"^[A-Za-z0-9_.-]+\Z",
        _("Use only English letters, digits and the characters . _ -"),
        code="invalid_username",
    ),
    MaxLengthValidator(30),
]
