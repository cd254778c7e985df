"""A pytest plugin (``-p thidua.testenv`` in pyproject's addopts): tests run in the ``test`` mode.

Settings fail closed — an unset THIDUA_ENV means production, which needs a SECRET_KEY and HTTPS —
and pytest-django reads the settings before any conftest.py is imported, so the mode is chosen
here, at option parsing. An explicit THIDUA_ENV in the environment is kept.
"""

import os

os.environ.setdefault("THIDUA_ENV", "test")
