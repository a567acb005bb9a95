"""Evidence packs: one ZIP per order or claim that answers a PayPal or card dispute.

Modules, from the bottom up:

- ``errors``     the ``EvidenceError`` branch and its codes
- ``models``     the ``evidence_pack`` table; providers and dispute reasons
- ``claim``      the claim section, read through the claims domain's public functions
- ``gather``     the facts of an order in a fixed number of queries, with record checks
- ``readiness``  which evidence each order has against each dispute reason (SQL)
- ``documents``  the facts in words, and the PDFs made of them (``pdf``)
- ``providers``  PayPal's and Stripe's shapes and limits, and fitting files to them
- ``view``       what a pack shows, filled in while it streams
- ``schema``     ``evidence.json`` (``foresight.evidence/1``; see EVIDENCE_SCHEMA.md)
- ``summary``    ``summary.html``
- ``pack``       the ZIP, streamed into storage (``Storage.put_stream``)
- ``service``    asking for a pack, and the job that builds it
- ``verify_pack`` checking a pack from the ZIP alone (``saleor-foresight verify-pack``)

No HTTP, GraphQL or Saleor wire format here.
"""
