#!/usr/bin/env bash
# Run a command with DATABASE_URL pointing at a fresh PostgreSQL database, created here and
# dropped afterwards. Starts the local PostgreSQL cluster if it is not running.
set -euo pipefail
PGHOST="${PGHOST:-127.0.0.1}"
PGPORT="${PGPORT:-5432}"
PGUSER="${PGUSER:-postgres}"
export PGHOST PGPORT PGUSER

if ! pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    echo "启动 PostgreSQL ${version} (starting PostgreSQL)"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start
    for _ in $(seq 1 30); do pg_isready -q -h "$PGHOST" -p "$PGPORT" && break; sleep 1; done
  else
    echo "PostgreSQL 未运行且无法启动。请以 root 运行: apt-get install -y postgresql && pg_ctlcluster 15 main start" >&2
    exit 1
  fi
fi

db="anzhi_ci_$$_$(date +%s)"
psql -q -d postgres -c "CREATE DATABASE ${db}" >/dev/null
cleanup() {
  psql -q -d postgres -c "DROP DATABASE IF EXISTS ${db} WITH (FORCE)" >/dev/null 2>&1 || true
  for t in $(psql -Atq -d postgres -c "SELECT datname FROM pg_database WHERE datname LIKE 'test_${db}%'"); do
    psql -q -d postgres -c "DROP DATABASE IF EXISTS ${t} WITH (FORCE)" >/dev/null 2>&1 || true
  done
}
trap cleanup EXIT
echo "PostgreSQL 数据库 (database): ${db}"
DATABASE_URL="postgres://${PGUSER}@${PGHOST}:${PGPORT}/${db}" "$@"
