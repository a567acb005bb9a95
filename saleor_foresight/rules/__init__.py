"""Foresight rules: per installation and channel, amounts in the channel's currency."""
