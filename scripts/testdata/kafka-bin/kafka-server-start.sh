#!/usr/bin/env bash
# Test double for Kafka's kafka-server-start.sh, packed into the fake tarball.
# The systemctl stub never runs it; it exists so the install script's
# completeness check sees a real file.
set -euo pipefail
echo "kafka-server-start.sh stub: $*" >&2
