"""Photos: one pipeline for every photo Foresight takes (dispatch photos, claim photos).

``pipeline`` (ticket → check → copies → retain → accept/reject), ``uploads`` (the declared
type and size, reading the object back checked, a few decodes at a time), ``images`` (the
checks and renditions over bytes: decode limits, EXIF stripped, buyer copy, thumbnail, the
copies for payment providers), ``formats`` (magic bytes and header sizes, no decoding),
``sweep`` (tickets never used), ``models`` (the columns photo tables share), ``errors``
(the one enum of image codes). No HTTP, no GraphQL; the domains built on it are not imported.
"""
