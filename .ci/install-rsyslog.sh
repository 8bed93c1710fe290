#!/bin/sh
# Install Debian's rsyslog for tests/syslog_rsyslog.rs and the W7 bench,
# only when rsyslogd is missing. Needs root (apt-get). The tests start their
# own private rsyslogd; no system daemon is configured or started here.
set -eu
if command -v rsyslogd >/dev/null 2>&1 || [ -x /usr/sbin/rsyslogd ]; then
    echo "rsyslogd already installed: $( (rsyslogd -v 2>/dev/null || /usr/sbin/rsyslogd -v) | head -n 1)"
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "install-rsyslog: rsyslogd is missing and this is not root; run as root or apt-get install rsyslog" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y rsyslog
/usr/sbin/rsyslogd -v | head -n 1
