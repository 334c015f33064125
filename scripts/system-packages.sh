#!/usr/bin/env bash
# Debian packages Anzhi needs beyond Python and Node. Installs them when run as root;
# otherwise prints the command to run and fails.
set -euo pipefail
packages=(chromium fonts-noto-cjk libharfbuzz-subset0 poppler-utils postgresql)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  echo "安装系统软件包 (installing Debian packages): ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "缺少系统软件包 (missing Debian packages). Run as root:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
