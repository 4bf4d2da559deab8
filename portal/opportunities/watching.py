"""Alerts saved from the opportunity list: its filters read as what the alert watches.

Alerts sit below opportunities, so this area registers its list as a source of alerts
(`portal.alerts.services.register_source`) rather than alerts reaching up into it.
"""

from portal.alerts.services import Watch, register_source
from portal.errors import ValidationFailed
from portal.opportunities.queries import Filters

WATCHED = ("client_group", "outcome", "indicator", "region", "local_area")


def from_opportunity_list(watch: Watch, args) -> None:
    """The list's words and tag filters; its value range; a note on what an alert leaves out."""
    filters = Filters.from_args(args)
    if filters.errors:
        raise ValidationFailed(dict(filters.errors))
    watch.words(filters.q)
    watch.filters = {"kind": ["opportunity"]}
    for name in WATCHED:
        if getattr(filters, name):
            watch.filters[name] = list(dict.fromkeys(getattr(filters, name)))
    watch.value_min, watch.value_max = filters.value_min, filters.value_max
    if watch.value_min is not None and watch.value_max is not None \
            and watch.value_min > watch.value_max:
        raise ValidationFailed("The lowest contract value is more than the highest",
                               "value_min")
    if filters.status or filters.closes_after or filters.closes_before:
        watch.notes.append("Alerts tell you about opportunities as they are published, so "
                           "the status and closing date filters are not part of the alert.")


register_source("opportunities", from_opportunity_list)
