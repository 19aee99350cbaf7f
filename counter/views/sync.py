"""Sales the counter kept while its connection was down arrive here, one per request.

The sale has already happened: the buyer has the goods and the cashier the cash. So it is recorded
whatever changed meanwhile and flagged for staff when its stock or prices no longer agree
(``sale_record(offline=True)``). Its idempotency key makes a resend answer with the same receipt,
so the counter's script drops a sale from its outbox only once it holds the receipt number.
"""

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import offline_sale
from ..services import CounterError, sale_record
from .access import counter_page

MAX_BODY = 64 * 1024


def _refused(message):
    return JsonResponse({"error": message}, status=400)


@counter_page
@require_POST
def sync(request, outlet):
    if len(request.body) > MAX_BODY:
        return _refused(_("This offline sale could not be read."))
    try:
        data = offline_sale(request.body)
    except ValidationError as exc:
        return _refused(exc.messages[0])
    try:
        sale = sale_record(outlet=outlet, by=request.user, offline=True, **data)
    except CounterError as exc:
        return _refused(str(exc))
    if sale.outlet_id != outlet.pk:
        return _refused(_("This sale belongs to another outlet."))
    return JsonResponse(
        {
            "number": sale.number,
            "url": sale.get_absolute_url(),
            "needs_attention": sale.needs_attention,
        }
    )


routes = [path("kirim/", sync, name="sync")]
