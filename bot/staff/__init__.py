"""Staff tools in Telegram: uploads, `/kb`, `/report` and the scheduled jobs."""
