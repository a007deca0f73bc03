#!/usr/bin/env bash
# Checks the deployment files as far as a machine without a container engine can (CI runs it after
# `npm install`): bash syntax, the systemd units (systemd-analyze verify), that every command the
# units, compose.yaml and the Dockerfile run is an npm script whose file exists, that the image
# copies what the scripts import, the variables, and the README's production section
# (deploy/check.mjs). Installs nothing, writes only to a temporary folder, takes a few seconds.
#   bash deploy/check.sh                          # everything that can run here
#   DERBES_CHECK_IMAGE=1 bash deploy/check.sh     # also build the image, if a container engine runs
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
failures=0
ok() { printf 'ok    %s\n' "$*"; }
skip() { printf 'skip  %s\n' "$*"; }
fail() {
  printf 'FAIL  %s\n' "$*"
  failures=$((failures + 1))
}
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# --- the files -----------------------------------------------------------------------------------
for file in deploy/Dockerfile deploy/Dockerfile.dockerignore deploy/compose.yaml deploy/.env.production.example \
  deploy/nginx.conf.example deploy/backup.sh deploy/cli.sh deploy/check.mjs deploy/postgres-init/10-derbes.sh \
  deploy/systemd/derbes-portal.service deploy/systemd/derbes-worker.service \
  deploy/systemd/derbes-backup.service deploy/systemd/derbes-backup.timer; do
  [ -f "$file" ] || fail "$file is missing"
done

for entry in node_modules .next .data .git .env test-results playwright-report; do
  grep -qx "$entry" deploy/Dockerfile.dockerignore || fail "deploy/Dockerfile.dockerignore does not exclude $entry"
done

# --- shell syntax --------------------------------------------------------------------------------
for script in deploy/*.sh deploy/postgres-init/*.sh; do
  [ -f "$script" ] || continue
  if bash -n "$script"; then ok "bash -n $script"; else fail "bash -n $script"; fi
done

# --- systemd units -------------------------------------------------------------------------------
if command -v systemd-analyze >/dev/null 2>&1; then
  # Verified as installed, with /opt/derbes being this checkout (verify checks that programs exist).
  mkdir -p "$tmp/units"
  node_bin="/usr/bin/node"
  [ -x "$node_bin" ] || node_bin="$(command -v node)"
  for unit in deploy/systemd/*.service deploy/systemd/*.timer; do
    sed -e "s#/opt/derbes#$root#g" -e "s#/usr/bin/node #$node_bin #g" "$unit" >"$tmp/units/$(basename "$unit")"
  done
  if output="$(cd "$tmp/units" && systemd-analyze verify ./*.service ./*.timer 2>&1)" && [ -z "$output" ]; then
    ok "systemd-analyze verify: $(cd deploy/systemd && echo *.service *.timer)"
  else
    fail "systemd-analyze verify:"
    printf '%s\n' "$output" | sed 's/^/      /'
  fi
else
  skip "systemd-analyze is not installed: the units were not verified"
fi
for unit in derbes-portal derbes-worker; do
  file="deploy/systemd/$unit.service"
  for setting in 'User=derbes' 'WorkingDirectory=/opt/derbes' 'EnvironmentFile=/etc/derbes/derbes.env' \
    'Restart=on-failure' 'KillSignal=SIGTERM' 'TimeoutStopSec=40' 'NoNewPrivileges=yes' 'ProtectSystem=strict'; do
    grep -qx "$setting" "$file" || fail "$file lacks $setting"
  done
done

# --- commands, image contents, variables, README (needs the repository's node_modules) ------------
if [ ! -d node_modules/tsx ]; then
  fail "node_modules/tsx is missing: run npm install first"
elif ! node deploy/check.mjs; then
  failures=$((failures + 1))
fi

# --- containers ----------------------------------------------------------------------------------
if command -v docker >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then
  # `config` needs no engine: the file with the example's values, as `docker compose up` reads it.
  mkdir -p "$tmp/compose/deploy"
  cp -r deploy/compose.yaml deploy/postgres-init "$tmp/compose/deploy/"
  cp deploy/.env.production.example "$tmp/compose/deploy/.env"
  if output="$(docker compose --project-directory "$tmp/compose/deploy" -f "$tmp/compose/deploy/compose.yaml" config --quiet 2>&1)"; then
    ok "docker compose config: deploy/compose.yaml"
  else
    fail "docker compose config: $output"
  fi
else
  skip "docker compose is not installed: deploy/compose.yaml was checked by check.mjs only"
fi
if command -v docker >/dev/null 2>&1 && timeout 10 docker info >/dev/null 2>&1; then
  if [ "${DERBES_CHECK_IMAGE:-}" = 1 ]; then
    if docker build -f deploy/Dockerfile -t derbes:check .; then ok "docker build -f deploy/Dockerfile ."; else fail "docker build -f deploy/Dockerfile ."; fi
  else
    skip "a container engine runs, but the image was not built (DERBES_CHECK_IMAGE=1 builds it, in minutes)"
  fi
else
  skip "no running container engine: the image was not built and compose.yaml was not run"
fi

if [ "$failures" -gt 0 ]; then
  printf '\ndeploy/check.sh: FAILED (the FAIL lines above)\n'
  exit 1
fi
printf '\ndeploy/check.sh: all checks passed\n'
