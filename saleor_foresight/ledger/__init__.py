"""The ledger: the hash chains Foresight's proofs rest on, one implementation for both.

An installation holds two append-only chains, its acceptance records (``policies``) and its
claim events (``claims``); each domain describes its chain with a ``chain.Chain`` (record
table, head table, the object a record's hash is taken over) and this package does the rest.

- ``canonical``  canonical JSON, the documents hashed, the chain rule (pure: no database,
                 so ``evidence.verify_pack`` checks a pack with it and nothing else)
- ``chain``      locking an installation's chain head, appending, verifying, excerpts
- ``guards``     ORM listeners that refuse to rewrite or remove a chain's records

Importing the package imports nothing: ``canonical`` stays free of SQLAlchemy.
"""
