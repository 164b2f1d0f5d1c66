"""Subscriptions to countries and kinds: the store and the paced broadcaster (no Telegram);
the Telegram edge is `bot.subscriptions.handlers`."""
