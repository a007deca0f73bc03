#!/usr/bin/env bash
# Run once by the postgres image, on the first start with an empty volume (deploy/compose.yaml):
# the two roles, neither a superuser (README, "Going to production", step 1):
# - derbes owns the database; the portal migrates as it (DATABASE_OWNER_URL), creating the citext
#   and pg_trgm extensions (trusted since PostgreSQL 13) and the tables, and granting derbes_app;
# - derbes_app is what the portal and the worker connect as (DATABASE_URL): it is granted only the
#   DML it needs after each migration, never UPDATE, DELETE or TRUNCATE on the audit trail, and as
#   it does not own the tables it cannot disable their triggers.
# The database in C.UTF-8, which folds Kazakh and Russian capitals (searches by name; the portal
# refuses to start in production on one that does not, db/text-folding.ts).
set -euo pipefail
: "${DERBES_DB_PASSWORD:?DERBES_DB_PASSWORD is not set}"
: "${DERBES_APP_DB_PASSWORD:?DERBES_APP_DB_PASSWORD is not set}"
psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
  --set=password="$DERBES_DB_PASSWORD" --set=app_password="$DERBES_APP_DB_PASSWORD" <<'SQL'
CREATE ROLE derbes LOGIN PASSWORD :'password';
CREATE ROLE derbes_app LOGIN NOINHERIT PASSWORD :'app_password';
CREATE DATABASE derbes OWNER derbes ENCODING 'UTF8' LOCALE 'C.UTF-8' TEMPLATE template0;
SQL
