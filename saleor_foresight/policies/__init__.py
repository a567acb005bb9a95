"""Policies shown at checkout, the buyer's acceptance of them, and the proof of it.

Modules, from the bottom up:

- ``errors``      the ``PolicyError`` tree and its codes
- ``models``      tables: policy, policy_version, policy_translation, acceptance,
                  acceptance_item and the per-installation acceptance_chain head
- ``guards``      ORM listeners that refuse to rewrite published versions and records
- ``content``     text limits, Markdown rendering and sanitising, the version content hash
- ``targeting``   which checkouts and lines a policy covers
- ``service``     staff operations: create, edit, save a draft, publish, list, count
- ``disclosure``  what a checkout must be shown, in the buyer's language: the current
                  version of every active policy that applies, in two queries
- ``acceptance``  recording an acceptance as a link in the installation's hash chain
- ``binding``     tying an acceptance to the order placed from the checkout
- ``verify``      recomputing every hash and link, and the links a pack carries

The documents hashed and the chain rule are pure functions in ``ledger.canonical``; the
chain itself (head lock, append, verify) and the append-only guards are ``ledger``'s.

No HTTP, GraphQL or Saleor wire format here: the API layer builds the facts and maps
the errors.
"""

from . import guards as guards  # registers the ORM listeners
