"""anonymity batches: opaque refs for anonymous retro items, and the old per-window traces erased

Anonymous posts are now held in memory and written in batches at fixed boundaries (bot.core.privacy). This
migration gives every anonymous retro item an opaque random `ref` (its buttons carried `a<id>`, which tells the
order items were written in), deletes the `feedback.anonymous` reminder rows the old design wrote at the first
anonymous post of each four-hour window (the boundary job now delivers what they were for), and rewrites the
existing anonymous rows once, so on PostgreSQL their `xmin` is this migration's rather than the moment each was
given. What earlier backups and WAL segments hold cannot be undone here.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02 13:30:00.000000
"""

import secrets

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('anonymous_retro_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ref', sa.String(length=24), nullable=True))
    items = sa.table('anonymous_retro_items', sa.column('id', sa.Integer), sa.column('ref', sa.String))
    conn = op.get_bind()
    for (item_id,) in conn.execute(sa.select(items.c.id)).all():
        conn.execute(items.update().where(items.c.id == item_id).values(ref=secrets.token_urlsafe(12)))
    with op.batch_alter_table('anonymous_retro_items', schema=None) as batch_op:
        batch_op.alter_column('ref', existing_type=sa.String(length=24), nullable=False)
        batch_op.create_unique_constraint(batch_op.f('uq_anonymous_retro_items_team_id_ref'), ['team_id', 'ref'])
    op.execute("UPDATE anonymous_feedback SET text = text")
    op.execute("DELETE FROM reminders WHERE kind = 'feedback.anonymous'")


def downgrade() -> None:
    with op.batch_alter_table('anonymous_retro_items', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_anonymous_retro_items_team_id_ref'), type_='unique')
        batch_op.drop_column('ref')
