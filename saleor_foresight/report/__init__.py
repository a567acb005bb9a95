"""The report: what Foresight did, by month and channel.

``period`` (the months asked for), ``rows`` (one month and channel, counted as defined
below), ``monthly`` (reading the records in a constant number of queries and bucketing
them), ``export`` (the CSV). No HTTP, no GraphQL.

A bucket is a month and a channel. The month is the calendar month, in the shop's time zone
(``ClaimSettings.time_zone``), of the moment each count names; the channel is the order's
``channel_slug``. Amounts are in the order's currency, reported with it and never added
across currencies: a row is keyed by month, channel and currency (a Saleor channel has one
currency, so in practice one row per month and channel).

1. Claims by reason and outcome: claims filed (``created_at``) in the month; the outcome is
   RESOLVED, REJECTED or WITHDRAWN, or OPEN for every other status (still being handled).
2. Guidance: guidance views first shown (``first_shown_at``) in the month. ``shown`` counts
   them (one per order and reason); ``filed_after`` those for which a claim on the same
   order with the same reason was filed at or after ``first_shown_at``; ``prevented`` is
   ``shown - filed_after``. Per reason and in total.
3. Resolved in the shop or escalated, among the claims filed in the month:
   ``resolved_in_shop`` are now RESOLVED or WITHDRAWN and were never escalated
   (``escalated_at`` empty); ``escalated`` were escalated (whatever their status now);
   ``rejected`` are now REJECTED and were never escalated; ``open`` are the rest.
4. Refunds: resolutions of kind REFUND, PARTIAL_REFUND or RETURN_AND_REFUND that Saleor
   confirmed (DONE), in the month of ``confirmed_at``: how many and their total (the amount
   Saleor granted, else the amount decided), split into automatic (decided by a Foresight
   rule) and by staff.
5. Shipped without proof: orders with at least one FULFILLED fulfillment, in the month of
   the first one (its ``created_at``, else when Foresight recorded it). ``orders_shipped``
   counts them; among those whose total is strictly above the channel's
   ``tracked_shipping_above`` (rules in the order's currency; no rule, not counted):
   ``orders_above_threshold``, ``without_tracking`` (a FULFILLED parcel has no tracking
   number), ``without_photo`` (a FULFILLED parcel has no visible dispatch photo),
   ``without_proof`` (either). ``above_signature_without_proof`` counts the orders strictly
   above ``signature_above`` without proof; a channel without saved rules asks for a
   signature above 750 in its own currency, as ``rules.service`` does.
"""
