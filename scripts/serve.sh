#!/usr/bin/env bash
# Serve the demo: the background worker (huey, embedded SQLite queue) and the web server.
set -euo pipefail
port="${1:-8000}"
bin=.venv/bin
$bin/anzhi run_huey --quiet > var/worker.log 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT INT TERM
echo
echo "安执 Anzhi 演示环境: http://127.0.0.1:${port}/"
$bin/anzhi demo_logins
echo "接口文档 (API docs): http://127.0.0.1:${port}/api/v1/docs"
echo
exec $bin/anzhi runserver "127.0.0.1:${port}"
