#!/bin/sh
# Run once by the postgres image when it initialises an empty data directory
# (/docker-entrypoint-initdb.d). Creates the role the services connect as: it logs in, owns nothing
# and is bound by row-level security. The owner (POSTGRES_USER) runs the migrations, which grant
# this role its privileges on the tables (V10__row_level_security.sql).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v app_password="$POSTGRES_APP_PASSWORD" <<'SQL'
create role callstream_app with login nosuperuser nobypassrls nocreatedb nocreaterole
    password :'app_password';
SQL
