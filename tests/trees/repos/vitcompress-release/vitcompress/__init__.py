from . import hub  # noqa: F401
from .models import vitc_b, vitc_s  # noqa: F401
