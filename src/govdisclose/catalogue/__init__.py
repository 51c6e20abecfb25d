"""The label catalogue: every official label, its stable key and the variants seen, as data.

One module per thing catalogued: ``sections`` (the six headings), ``active_disclosure``
(table 二), ``requests`` (table 三), ``review_litigation`` (table 四), ``templates`` (how to tell
the 2019 and 2021 formats apart). A new variant seen in the wild is a new entry here.
"""
