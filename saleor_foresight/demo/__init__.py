"""``saleor-foresight demo``: Foresight with no Saleor, for a person to click through every flow."""
