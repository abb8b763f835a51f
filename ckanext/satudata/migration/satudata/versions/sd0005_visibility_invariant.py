"""The publishing rule held by the database; history that outlives a purge.

* ``satudata_workflow_state.public``: whether the row's state is the
  definition's public state, written by the workflow in the same
  transaction as the state itself.
* Two deferred constraint triggers check at every commit that a dataset of
  an organization is public (``package.private`` false) exactly when its
  state row says so; a dataset without a state row is never public. Every
  route CKAN has (actions, forms, the SQL of CKAN 2.11's bulk updates, a
  harvester, a script) meets here, so a commit that breaks the rule fails
  with SQLSTATE ``SD001``.
* Existing datasets: a dataset without a state row but with events gets
  the state of its last event; a public dataset of an organization without
  either predates the extension and gets the public state, unless it names
  a Daftar Data row (only datasets made under the extension do): that is a
  draft an earlier version let through, and it goes private again, as does
  any dataset whose state is not public; a published one whose flag was
  turned private is public again, as its events say.
* The event table refuses DELETE and TRUNCATE as well as UPDATE.
* ``satudata_purged_dataset``: what the report needs of a purged dataset
  whose events stay.

Revision ID: sd0005
Revises: sd0004
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "sd0005"
down_revision = "sd0004"
branch_labels = None
depends_on = None


def _public_state() -> str:
    # The configured definition names the public state; both presets call
    # it "terbit", which is also the fallback outside a CKAN process.
    try:
        from ckanext.satudata.workflow.definition import configured

        return configured().public_state
    except Exception:
        return "terbit"


def _names_a_row(bind: sa.engine.Connection) -> str:
    """SQL: package ``p`` names a Daftar Data row. CKAN 2.12 keeps the
    scheming fields in ``package.extras`` (JSONB), 2.11 in ``package_extra``."""
    columns = {c["name"] for c in sa.inspect(bind).get_columns("package")}
    if "extras" in columns:
        return "COALESCE(p.extras ->> 'daftar_data_id', '') <> ''"
    return (
        "EXISTS (SELECT 1 FROM package_extra x WHERE x.package_id = p.id"
        " AND x.key = 'daftar_data_id' AND x.state = 'active' AND x.value <> '')"
    )


def upgrade() -> None:
    public_state = _public_state()
    op.add_column(
        "satudata_workflow_state",
        sa.Column("public", sa.Boolean, nullable=False, server_default="false"),
    )
    bind = op.get_bind()
    bind.execute(
        sa.text("UPDATE satudata_workflow_state SET public = (state = :public)"),
        {"public": public_state},
    )
    # A dataset whose row went missing has its events: the last one says
    # where it stands.
    bind.execute(
        sa.text(
            """
            INSERT INTO satudata_workflow_state (package_id, state, version,
                                                 entered, public)
            SELECT DISTINCT ON (e.package_id) e.package_id, e.to_state,
                   e.version, e.created, e.to_state = :public
            FROM satudata_workflow_event e JOIN package p ON p.id = e.package_id
            WHERE NOT EXISTS (SELECT 1 FROM satudata_workflow_state s
                              WHERE s.package_id = e.package_id)
            ORDER BY e.package_id, e.version DESC
            """
        ),
        {"public": public_state},
    )
    bind.execute(
        sa.text(
            f"""
            INSERT INTO satudata_workflow_state (package_id, state, version,
                                                 entered, public)
            SELECT p.id, :public, 0, COALESCE(p.metadata_created, now()), true
            FROM package p
            WHERE p.owner_org IS NOT NULL AND NOT COALESCE(p.private, false)
              AND NOT EXISTS (SELECT 1 FROM satudata_workflow_state s
                              WHERE s.package_id = p.id)
              AND NOT ({_names_a_row(bind)})
            """
        ),
        {"public": public_state},
    )
    op.execute(
        """
        UPDATE package p SET private = NOT COALESCE(s.public, false)
        FROM package q LEFT JOIN satudata_workflow_state s ON s.package_id = q.id
        WHERE q.id = p.id AND p.owner_org IS NOT NULL
          AND COALESCE(p.private, false) = COALESCE(s.public, false)
        """
    )
    op.execute(
        """
        CREATE OR REPLACE FUNCTION satudata_check_visibility() RETURNS trigger
        LANGUAGE plpgsql AS $$
        DECLARE
            pkg_id text;
            pkg_org text;
            pkg_private boolean;
            state_public boolean;
        BEGIN
            IF TG_TABLE_NAME = 'package' THEN
                pkg_id := NEW.id;
            ELSIF TG_OP = 'DELETE' THEN
                pkg_id := OLD.package_id;
            ELSE
                pkg_id := NEW.package_id;
            END IF;
            -- Deferred to the commit: read what the transaction left, not
            -- the row as it was when the trigger was queued.
            SELECT owner_org, COALESCE(private, false)
              INTO pkg_org, pkg_private FROM package WHERE id = pkg_id;
            IF NOT FOUND OR pkg_org IS NULL THEN
                RETURN NULL;
            END IF;
            SELECT public INTO state_public
              FROM satudata_workflow_state WHERE package_id = pkg_id;
            IF pkg_private = COALESCE(state_public, false) THEN
                RAISE EXCEPTION USING
                    ERRCODE = 'SD001',
                    DETAIL = pkg_id,
                    MESSAGE = format(
                        'satudata: dataset %s would be %s while its workflow'
                        ' state is %s', pkg_id,
                        CASE WHEN pkg_private THEN 'private' ELSE 'public' END,
                        CASE WHEN COALESCE(state_public, false)
                             THEN 'public' ELSE 'not public' END);
            END IF;
            RETURN NULL;
        END $$;

        CREATE CONSTRAINT TRIGGER satudata_package_visibility
            AFTER INSERT OR UPDATE ON package
            DEFERRABLE INITIALLY DEFERRED
            FOR EACH ROW EXECUTE FUNCTION satudata_check_visibility();
        CREATE CONSTRAINT TRIGGER satudata_state_visibility
            AFTER INSERT OR UPDATE OR DELETE ON satudata_workflow_state
            DEFERRABLE INITIALLY DEFERRED
            FOR EACH ROW EXECUTE FUNCTION satudata_check_visibility();

        CREATE TRIGGER satudata_workflow_event_no_delete
            BEFORE DELETE ON satudata_workflow_event
            FOR EACH ROW EXECUTE FUNCTION satudata_workflow_event_immutable();
        CREATE TRIGGER satudata_workflow_event_no_truncate
            BEFORE TRUNCATE ON satudata_workflow_event
            FOR EACH STATEMENT EXECUTE FUNCTION satudata_workflow_event_immutable();
        """
    )
    op.create_table(
        "satudata_purged_dataset",
        sa.Column("package_id", sa.UnicodeText, primary_key=True),
        sa.Column("name", sa.UnicodeText, nullable=False),
        sa.Column("title", sa.UnicodeText),
        sa.Column("owner_org", sa.UnicodeText),
        sa.Column("daftar_data_id", sa.UnicodeText),
        sa.Column("metadata_created", sa.DateTime),
        sa.Column("purged", sa.DateTime, nullable=False),
        sa.Column("purged_by", sa.UnicodeText),
    )
    op.create_index(
        "satudata_purged_dataset_daftar_data",
        "satudata_purged_dataset",
        ["daftar_data_id"],
    )


def downgrade() -> None:
    op.drop_table("satudata_purged_dataset")
    op.execute(
        """
        DROP TRIGGER IF EXISTS satudata_workflow_event_no_truncate
            ON satudata_workflow_event;
        DROP TRIGGER IF EXISTS satudata_workflow_event_no_delete
            ON satudata_workflow_event;
        DROP TRIGGER IF EXISTS satudata_state_visibility ON satudata_workflow_state;
        DROP TRIGGER IF EXISTS satudata_package_visibility ON package;
        DROP FUNCTION IF EXISTS satudata_check_visibility();
        """
    )
    op.drop_column("satudata_workflow_state", "public")
