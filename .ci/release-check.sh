#!/usr/bin/env bash
# Release check (issue 16): deploys every published module, as `mvn -Prelease deploy` would for a release, into a
# folder (target/staging) instead of Maven Central, then checks that folder as Central would:
# .ci/ReleaseCheck.java (poms' metadata, jar + sources + javadoc, Automatic-Module-Name, checksums, the BOM).
# Tests are skipped: `mvn -B verify` ran them.
#   bash .ci/release-check.sh          signing skipped (-Dgpg.skip): CI has no key
#   bash .ci/release-check.sh --sign   signs with a throwaway GPG key made for this run, and checks every .asc
#                                      with gpg --verify: the release profile's signing, without a real key
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

STAGING="$PWD/target/staging"
SIGN_ARGS=(-Dgpg.skip)
CHECK_ARGS=()
if [ "${1:-}" = "--sign" ]; then
    GNUPGHOME="$(mktemp -d)"
    export GNUPGHOME
    # the key's gpg-agent must not outlive the check
    trap 'gpgconf --kill gpg-agent >/dev/null 2>&1 || true; rm -rf "$GNUPGHOME"' EXIT
    gpg --batch --quiet --passphrase '' --quick-gen-key \
        'hibernate-pgextra release check (throwaway) <release-check@invalid>' rsa2048 sign 1d
    SIGN_ARGS=()
    CHECK_ARGS=(--signed)
fi

rm -rf "$STAGING"
mvn -B -Prelease ${SIGN_ARGS[@]+"${SIGN_ARGS[@]}"} -DskipTests \
    -DaltDeploymentRepository="staging::file://${STAGING}" \
    deploy
java .ci/ReleaseCheck.java "$STAGING" ${CHECK_ARGS[@]+"${CHECK_ARGS[@]}"}
