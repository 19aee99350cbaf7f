import ipaddress

from django.conf import settings


def client_ip(request) -> str:
    """The shopper's address, also behind the reverse proxy.

    With PROXY_COUNT=N trusted proxies in front of the app, the client is the N-th address from
    the right of X-Forwarded-For (each proxy appends the address it received the request from);
    anything further left was written by the client and may be forged.
    """
    proxies = getattr(settings, "PROXY_COUNT", 0)
    if proxies > 0:
        hops = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(hops) >= proxies:
            try:
                return str(ipaddress.ip_address(hops[-proxies]))
            except ValueError:  # not an address: a broken or forged header, not a client
                pass
    return request.META.get("REMOTE_ADDR", "")
