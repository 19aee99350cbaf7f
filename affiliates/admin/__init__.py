from . import affiliate, money  # noqa: F401  (registers the admin pages)
