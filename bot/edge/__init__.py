"""The Telegram edge: user handlers, buttons, rendering, update processing, delivery, pacing."""
