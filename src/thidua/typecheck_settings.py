"""Settings for mypy's Django plugin ([tool.django-stubs] in pyproject): the test mode's.

Settings fail closed (an unset THIDUA_ENV means production, which needs a SECRET_KEY), and mypy
only reads them to learn the installed apps and models.
"""

import os

os.environ.setdefault("THIDUA_ENV", "test")

from thidua.settings import *  # noqa: E402, F403
