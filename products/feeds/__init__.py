"""Product feeds for the big catalogues: Google Merchant Center (RSS 2.0 with ``g:`` fields) and
Meta's catalogue (CSV), one per language, so shoppers find the goods outside the site.

Both are built from the same rows (``items``): the public products that have a picture, with
their price and availability as the product page shows them. A built feed is kept in the
default cache under the catalogue version and the day (``views``), so any change to what the
catalogue shows, a product coming into stock or selling out included, yields a fresh feed.
"""
