"""The search vector also holds where the maker works: its kecamatan and desa (weight C).

So "plered" or "wanayasa" finds the goods of the makers there, whatever the product is called.
The vendor trigger now also fires when a maker moves, and a renamed kecamatan reindexes the
products of its makers.
"""

from django.db import migrations

from core.migration_operations import RunSQLOnPostgres

PRODUCT_VECTOR = """
CREATE OR REPLACE FUNCTION products_product_search_vector() RETURNS trigger AS $$
DECLARE
    category_text text;
    vendor_text text;
BEGIN
    SELECT concat_ws(' ', c.name_id, c.name_en, p.name_id, p.name_en)
      INTO category_text
      FROM products_category c
      LEFT JOIN products_category p ON p.id = c.parent_id
     WHERE c.id = NEW.category_id;
    SELECT concat_ws(' ', v.business_name, k.name, v.desa)
      INTO vendor_text
      FROM vendors_vendor v
      LEFT JOIN core_kecamatan k ON k.id = v.kecamatan_id
     WHERE v.id = NEW.vendor_id;
    NEW.search_vector :=
        setweight(to_tsvector('indonesian', coalesce(NEW.name, '')), 'A') ||
        setweight(to_tsvector('indonesian', coalesce(category_text, '')), 'B') ||
        setweight(to_tsvector('indonesian', coalesce(vendor_text, '')), 'C') ||
        setweight(to_tsvector('indonesian', coalesce(NEW.materials, '')), 'C') ||
        setweight(to_tsvector('indonesian', coalesce(NEW.description, '')), 'D');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

DROP TRIGGER vendors_vendor_reindex_products_trigger ON vendors_vendor;
CREATE TRIGGER vendors_vendor_reindex_products_trigger
    AFTER UPDATE OF business_name, kecamatan_id, desa ON vendors_vendor
    FOR EACH ROW
    WHEN (OLD.business_name IS DISTINCT FROM NEW.business_name
          OR OLD.kecamatan_id IS DISTINCT FROM NEW.kecamatan_id
          OR OLD.desa IS DISTINCT FROM NEW.desa)
    EXECUTE FUNCTION vendors_vendor_reindex_products();

CREATE OR REPLACE FUNCTION core_kecamatan_reindex_products() RETURNS trigger AS $$
BEGIN
    UPDATE products_product SET name = name
     WHERE vendor_id IN (SELECT id FROM vendors_vendor WHERE kecamatan_id = NEW.id);
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER core_kecamatan_reindex_products_trigger
    AFTER UPDATE OF name ON core_kecamatan
    FOR EACH ROW
    WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION core_kecamatan_reindex_products();

UPDATE products_product SET name = name;
"""

BACK = """
DROP TRIGGER IF EXISTS core_kecamatan_reindex_products_trigger ON core_kecamatan;
DROP FUNCTION IF EXISTS core_kecamatan_reindex_products();

DROP TRIGGER vendors_vendor_reindex_products_trigger ON vendors_vendor;
CREATE TRIGGER vendors_vendor_reindex_products_trigger
    AFTER UPDATE OF business_name ON vendors_vendor
    FOR EACH ROW
    WHEN (OLD.business_name IS DISTINCT FROM NEW.business_name)
    EXECUTE FUNCTION vendors_vendor_reindex_products();

CREATE OR REPLACE FUNCTION products_product_search_vector() RETURNS trigger AS $$
DECLARE
    category_text text;
    vendor_text text;
BEGIN
    SELECT concat_ws(' ', c.name_id, c.name_en, p.name_id, p.name_en)
      INTO category_text
      FROM products_category c
      LEFT JOIN products_category p ON p.id = c.parent_id
     WHERE c.id = NEW.category_id;
    SELECT v.business_name INTO vendor_text FROM vendors_vendor v WHERE v.id = NEW.vendor_id;
    NEW.search_vector :=
        setweight(to_tsvector('indonesian', coalesce(NEW.name, '')), 'A') ||
        setweight(to_tsvector('indonesian', coalesce(category_text, '')), 'B') ||
        setweight(to_tsvector('indonesian', coalesce(vendor_text, '')), 'C') ||
        setweight(to_tsvector('indonesian', coalesce(NEW.materials, '')), 'C') ||
        setweight(to_tsvector('indonesian', coalesce(NEW.description, '')), 'D');
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

UPDATE products_product SET name = name;
"""


class Migration(migrations.Migration):
    dependencies = [
        ("products", "0011_food_categories"),
        ("vendors", "0001_initial"),
        ("core", "0002_load_kecamatan"),
    ]

    operations = [RunSQLOnPostgres(PRODUCT_VECTOR, BACK)]
