"""Django's Vietnamese formats, plus digit grouping: Django's own vi locale sets none, so
`intcomma` printed 2091 where Vietnamese writes 2.091. USE_THOUSAND_SEPARATOR stays off, so
plain {{ value }} (years, ids in links) is never grouped; `intcomma` and `vnd` group."""

from django.conf.locale.vi.formats import *  # noqa: F403

NUMBER_GROUPING = 3
