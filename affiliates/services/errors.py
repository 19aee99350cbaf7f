class AffiliateError(Exception):
    """A refused affiliate action; the message is for the person who tried it."""
