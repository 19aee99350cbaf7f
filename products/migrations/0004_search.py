"""Keep Product.search_vector current inside PostgreSQL.

Triggers rebuild a product's weighted vector whenever its own text changes, and touch the
products of a category or vendor whose name changes, so the index is right whichever code
path (service, admin, shell, SQL) wrote the row. Weights: name A, category B, vendor and
materials C, description D. The `indonesian` configuration stems Indonesian affixes.

A GiST trigram index on the product name serves typo tolerance: `products.search.suggest_correction`
asks it for the names nearest to a misspelt word (`word <<-> name ... LIMIT n`, a KNN index scan,
which GIN cannot do) and picks the closest word of those names.
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

CREATE TRIGGER products_product_search_vector_trigger
    BEFORE INSERT OR UPDATE OF name, description, materials, category_id, vendor_id
    ON products_product
    FOR EACH ROW EXECUTE FUNCTION products_product_search_vector();

CREATE OR REPLACE FUNCTION products_category_reindex_products() RETURNS trigger AS $$
BEGIN
    UPDATE products_product SET name = name
     WHERE category_id = NEW.id
        OR category_id IN (SELECT id FROM products_category WHERE parent_id = NEW.id);
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER products_category_reindex_products_trigger
    AFTER UPDATE OF name_id, name_en ON products_category
    FOR EACH ROW
    WHEN (OLD.name_id IS DISTINCT FROM NEW.name_id OR OLD.name_en IS DISTINCT FROM NEW.name_en)
    EXECUTE FUNCTION products_category_reindex_products();

CREATE OR REPLACE FUNCTION vendors_vendor_reindex_products() RETURNS trigger AS $$
BEGIN
    UPDATE products_product SET name = name WHERE vendor_id = NEW.id;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER vendors_vendor_reindex_products_trigger
    AFTER UPDATE OF business_name ON vendors_vendor
    FOR EACH ROW
    WHEN (OLD.business_name IS DISTINCT FROM NEW.business_name)
    EXECUTE FUNCTION vendors_vendor_reindex_products();

CREATE INDEX products_product_name_trgm ON products_product USING gist (name gist_trgm_ops);

UPDATE products_product SET name = name;
"""

DROP = """
DROP INDEX IF EXISTS products_product_name_trgm;
DROP TRIGGER IF EXISTS vendors_vendor_reindex_products_trigger ON vendors_vendor;
DROP FUNCTION IF EXISTS vendors_vendor_reindex_products();
DROP TRIGGER IF EXISTS products_category_reindex_products_trigger ON products_category;
DROP FUNCTION IF EXISTS products_category_reindex_products();
DROP TRIGGER IF EXISTS products_product_search_vector_trigger ON products_product;
DROP FUNCTION IF EXISTS products_product_search_vector();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("products", "0003_search_vector"),
        ("vendors", "0001_initial"),
    ]

    operations = [RunSQLOnPostgres(PRODUCT_VECTOR, DROP)]
