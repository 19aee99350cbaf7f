"""Staff decide whether one product is food against its category (``Product.food_override``)."""

from django.db import transaction

from core.audit import staff_decision

from .common import Action, changed_if_public, lock, record


@transaction.atomic
def product_set_food(*, product, by, food_override):
    """``True`` or ``False`` overrides the category; ``None`` follows it again."""
    product = lock(product)
    if product.food_override == food_override:
        return product
    product.food_override = food_override
    product.save(update_fields=["food_override", "updated_at"])
    record(product, Action.EDITED, by, "food_override")
    staff_decision(
        by=by, obj=product, event="product_food_override", message=f"food_override={food_override}"
    )
    changed_if_public(product)
    return product
