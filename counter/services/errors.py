class CounterError(Exception):
    """A counter action the rules refuse; the message is meant for the person at the counter."""
