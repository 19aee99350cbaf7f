"""``{% visitor_part "includes/x.html" %}``: a part of the page that belongs to one visitor.

Rendered in place like an include; in a page the page cache stores, left as a hole that is
filled for each visitor (``core.pagecache.holes``). The template sees only what the context
processors give (``request``, ``user``, ``messages``, ``cart_count``...), never the page's
own context: it must look the same whichever page it is on.
"""

from django import template
from django.utils.safestring import mark_safe

from core.pagecache.holes import in_shared_render, marker, render_parts

register = template.Library()


@register.simple_tag(takes_context=True)
def visitor_part(context, template_name):
    request = context.get("request")
    if request is None:
        # Rendered without a request (a bare error page): as an include.
        return context.template.engine.get_template(template_name).render(context)
    if in_shared_render(request):
        return mark_safe(marker(template_name))
    return render_parts(request, {template_name})[template_name]
