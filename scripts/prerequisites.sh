# Sourced by ./test.sh: checks for, and where possible installs, what the tests need on a fresh machine.
# The .NET 10 SDK is expected on the machine (https://dot.net); python3 is used to read test results.
if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is required (dotnet not found on PATH)." >&2
  exit 1
fi
if ! dotnet --list-sdks | grep -q '^10\.'; then
  echo "The .NET 10 SDK is required; found: $(dotnet --list-sdks | tr '\n' ' ')" >&2
  exit 1
fi
# Debian packages the tests use: python3 (reads test results), PostgreSQL and Redis servers (store tests), Chromium
# (the dashboard's browser tests drive it with Playwright; Playwright's own browser download isn't needed).
missing=()
command -v python3 > /dev/null 2>&1 || missing+=(python3)
ls /usr/lib/postgresql/*/bin/initdb > /dev/null 2>&1 || missing+=(postgresql)
command -v redis-server > /dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} with apt-get"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" > /dev/null
  # The Debian packages start system-wide servers; the tests use their own throwaway ones.
  service postgresql stop > /dev/null 2>&1 || true
  service redis-server stop > /dev/null 2>&1 || true
fi
