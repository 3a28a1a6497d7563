#!/usr/bin/env bash
# Release check (issue 16): deploys every published module, as `mvn -Prelease deploy` would for a release, into a
# folder (target/staging) instead of Maven Central, then checks that folder as Central would:
# .ci/ReleaseCheck.java (poms' metadata, jar + sources + javadoc, Automatic-Module-Name, checksums, the BOM).
# Signing is skipped (-Dgpg.skip): CI has no key. Tests are skipped: `mvn -B verify` ran them.
#   bash .ci/release-check.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

STAGING="$PWD/target/staging"
rm -rf "$STAGING"
mvn -B -Prelease -Dgpg.skip -DskipTests \
    -DaltDeploymentRepository="staging::file://${STAGING}" \
    deploy
java .ci/ReleaseCheck.java "$STAGING"
