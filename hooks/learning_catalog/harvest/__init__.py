"""``make harvest``: partners' published catalogues listed as product files, for a person to review.

The top layer: it reads the catalogue through the contract and writes files as the contributor tools do.

* ``fetch``: the only way to the network (timeouts, size caps, robots.txt, public addresses, a cache for
  conditional requests).
* ``readers``: one small module per kind of source, each turning what the source publishes into `Item`\\s.
* ``mapping``: an item's values and the source's own words made a product's values, with the source's
  mapping tables and defaults, then checked with the product contract.
* ``sync``: what changes in ``catalog/products/`` (new, updated, unchanged, archived, conflicts,
  duplicates), keeping every value a person edited.
* ``report`` and ``cli``: the Markdown report (a pull request's body) and ``python -m learning_catalog harvest``.
"""
