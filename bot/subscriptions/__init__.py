"""Subscriptions: the store and the paced broadcaster (no Telegram); `handlers` is the edge."""
