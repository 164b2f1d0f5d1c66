"""Escalation: tickets and the messages relayed for them.

Revision ID: 0002_tickets
Revises: 0001_initial
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_tickets"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tickets",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("user_id", sa.BigInteger(), nullable=False, index=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=False, index=True),
        sa.Column("user_name", sa.String(200), nullable=False),
        sa.Column("username", sa.String(64), nullable=True),
        sa.Column("language", sa.String(5), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("clarification", sa.Text(), nullable=True),
        sa.Column("context", sa.JSON(), nullable=False),
        sa.Column("bot_answer", sa.Text(), nullable=True),
        sa.Column("bot_sources", sa.JSON(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=True),
        sa.Column("status", sa.String(12), nullable=False, index=True),
        sa.Column("assignee_id", sa.BigInteger(), nullable=True),
        sa.Column("assignee_name", sa.String(200), nullable=True),
        sa.Column("thread_id", sa.Integer(), nullable=True),
        sa.Column("card_message_id", sa.Integer(), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("routing_notice_sent", sa.Boolean(), nullable=False),
        sa.Column("reminders", sa.Integer(), nullable=False),
        sa.Column("last_reminder_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("faq_doc_id", sa.String(300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("first_reply_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "ticket_messages",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "ticket_id",
            sa.Integer(),
            sa.ForeignKey("tickets.id", ondelete="CASCADE"),
            nullable=False,
            index=True,
        ),
        sa.Column("direction", sa.String(12), nullable=False),
        sa.Column("source_chat_id", sa.BigInteger(), nullable=False),
        sa.Column("source_message_id", sa.BigInteger(), nullable=False),
        sa.Column("target_message_id", sa.BigInteger(), nullable=True),
        sa.Column("author_id", sa.BigInteger(), nullable=True),
        sa.Column("author_name", sa.String(200), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("delivered", sa.Boolean(), nullable=False),
        sa.Column("error", sa.String(300), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("source_chat_id", "source_message_id"),
    )


def downgrade() -> None:
    op.drop_table("ticket_messages")
    op.drop_table("tickets")
