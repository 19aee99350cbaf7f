"""What the order rules refuse; each message is meant for the person who asked."""


class OrderError(Exception):
    """An order change the rules refuse; the message is meant for the person who asked."""


class OrderItemsUnavailable(OrderError):
    """Lines that cannot be had at the outlet: sold out there, or no longer for sale."""

    def __init__(self, message, names):
        self.names = names
        super().__init__(message)


class OrderTransitionError(OrderError):
    pass
