from .cart import Cart


def cart(request):
    """``cart_count``: units in the shopper's cart, for the header's badge. Reads the session only."""
    session = getattr(request, "session", None)
    return {"cart_count": Cart(session).count if session is not None else 0}
