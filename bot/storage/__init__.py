"""Storage: the database, its models, the conversation state, the leader lock and backups."""
