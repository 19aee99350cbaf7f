from .vendor import VendorAdmin

__all__ = ["VendorAdmin"]
