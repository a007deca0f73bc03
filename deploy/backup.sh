#!/usr/bin/env bash
# One pg_dump (custom format) of the database at DATABASE_URL into BACKUP_DIR, checked readable by
# pg_restore, then only the newest BACKUP_KEEP dumps kept. Run nightly by
# deploy/systemd/derbes-backup.timer (host install). Keep the copies in Kazakhstan too (Art. 12(2)).
# Restore into an empty database:  pg_restore --no-owner --role=derbes --dbname=<url> <file>
set -euo pipefail

: "${DATABASE_URL:?DATABASE_URL is not set (the unit reads /etc/derbes/derbes.env)}"
dir="${BACKUP_DIR:-/var/backups/derbes}"
keep="${BACKUP_KEEP:-14}"
if ! [[ "$keep" =~ ^[1-9][0-9]*$ ]]; then
  echo "backup: BACKUP_KEEP must be a whole number of files, 1 or more" >&2
  exit 1
fi

umask 077
mkdir -p "$dir"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
file="$dir/derbes-$stamp.dump"
partial="$dir/.derbes-$stamp.dump.partial"
trap 'rm -f "$partial"' EXIT

pg_dump --format=custom --no-password --dbname="$DATABASE_URL" --file="$partial"
pg_restore --list "$partial" >/dev/null
mv "$partial" "$file"
echo "backup: $file ($(du -h "$file" | cut -f1))"

# The names sort by time; everything but the newest $keep goes.
find "$dir" -maxdepth 1 -type f -name 'derbes-*.dump' -printf '%f\n' | sort -r | tail -n +"$((keep + 1))" | while read -r old; do
  rm -f -- "$dir/$old"
  echo "backup: removed $old"
done
