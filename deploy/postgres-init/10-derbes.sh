#!/usr/bin/env bash
# Run once by the postgres image, on the first start with an empty volume (deploy/compose.yaml):
# the role the portal connects as, without superuser, owning the database. As the owner it creates
# the citext and pg_trgm extensions (trusted since PostgreSQL 13) and the tables at first start.
set -euo pipefail
: "${DERBES_DB_PASSWORD:?DERBES_DB_PASSWORD is not set}"
psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
  --set=password="$DERBES_DB_PASSWORD" <<'SQL'
CREATE ROLE derbes LOGIN PASSWORD :'password';
CREATE DATABASE derbes OWNER derbes;
SQL
