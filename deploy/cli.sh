#!/usr/bin/env bash
# `npm run derbes -- <command>` on a host install, with the configuration the units use:
#   sudo -u derbes -H /opt/derbes/deploy/cli.sh outbox status
# Variables set in the environment win over the file (DERBES_ENV_FILE, default /etc/derbes/derbes.env).
set -euo pipefail
cd "$(dirname "$0")/.."
exec node --env-file="${DERBES_ENV_FILE:-/etc/derbes/derbes.env}" --import tsx scripts/cli.ts "$@"
