#!/usr/bin/env bash
# Part of the test command (./mvnw verify): the browser tests drive Debian's headless Chromium and its driver.
# Installs them where missing and possible (root with apt-get); otherwise says why the browser tests will skip.
# On CI (CI=true) a browser that cannot be installed fails the build rather than skipping the tests silently.
set -u
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get > /dev/null; then
  echo "ensure-chromium: installing Debian's chromium and chromium-driver for the browser tests"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq > /dev/null && apt-get install -y -qq chromium chromium-driver > /dev/null
fi
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
echo "ensure-chromium: chromium and chromium-driver are not installed (sudo apt-get install -y chromium chromium-driver)"
if [ "${CI:-}" = "true" ]; then
  exit 1
fi
echo "ensure-chromium: the browser tests will be skipped"
exit 0
