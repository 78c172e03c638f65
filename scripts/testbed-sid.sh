# shellcheck shell=bash
# Sourced by scripts/testbed.sh (which sets CACHE and DIR, DOCKER_CONFIG, log and die): today's Docker
# from Debian's development release, sid. Its docker.io (dockerd 28, docker-proxy), containerd 2, docker-cli,
# docker-buildx and docker-compose (v2) run on Debian 12; they are fetched with apt state of their own
# (a private sources list, lists and cache: the machine's apt sources and installed packages are not
# touched) and unpacked, never installed, into $MODERN, once per machine. sid's runc is not fetched:
# it needs a newer glibc, and Debian 12's (/usr/sbin/runc) runs the containers.

SID_PACKAGES=(docker.io containerd docker-cli docker-buildx docker-compose)
SID=$CACHE/sid # the private apt state, the .debs, root/ (unpacked) and `complete` (written last)
MODERN=$SID/root

# sid_ready: fetch sid's packages unless a complete fetch is in the cache; one fetcher at a time
# (testbeds with other state dirs share the cache).
sid_ready() {
  [[ -e $SID/complete ]] && return 0
  (
    mkdir -p "$CACHE"
    exec 8>"$CACHE/sid.lock"
    flock -w 600 8 || die "another testbed held $CACHE/sid.lock for 10 minutes"
    [[ -e $SID/complete ]] || fetch_sid
  )
}

# sid's packages, fetched and unpacked with apt state of their own, once per machine.
fetch_sid() {
  local started=$SECONDS deb file apt
  rm -rf "$SID"
  mkdir -p "$SID"/{lists/partial,cache/archives/partial,debs,root}
  echo "deb $(debian_mirror) sid main" >"$SID/sources.list"
  apt=(apt-get -q -o Dir::Etc::SourceList="$SID/sources.list" -o Dir::Etc::SourceParts=/dev/null
    -o Dir::State::Lists="$SID/lists" -o Dir::Cache="$SID/cache" -o APT::Sandbox::User=root)
  log "fetching ${SID_PACKAGES[*]} from sid into $SID"
  "${apt[@]}" update >&2
  (cd "$SID/debs" && "${apt[@]}" download "${SID_PACKAGES[@]}" >&2)
  for deb in "$SID"/debs/*.deb; do dpkg-deb -x "$deb" "$MODERN"; done
  rm -f "$MODERN"/usr/{bin,sbin}/runc # none is fetched; Debian 12's runs the containers
  for file in sbin/dockerd sbin/docker-proxy bin/docker bin/containerd bin/containerd-shim-runc-v2 bin/ctr \
    libexec/docker/cli-plugins/docker-buildx libexec/docker/cli-plugins/docker-compose; do
    [[ -x $MODERN/usr/$file ]] || die "sid's packages have no usr/$file (see $SID/debs)"
  done
  # shellcheck disable=SC2016 # dpkg-deb's fields
  for deb in "$SID"/debs/*.deb; do dpkg-deb -W --showformat='${Package} ${Version}\n' "$deb"; done >"$SID/complete.part"
  mv "$SID/complete.part" "$SID/complete"
  log "sid's packages ready in $((SECONDS - started))s: $(paste -sd, "$SID/complete")"
}

# sid's docker.io version, e.g. 28.5.2+dfsg4-5.
sid_version() { awk '$1 == "docker.io" {print $2}' "$SID/complete"; }

# The client side for a test process: sid's docker CLI alone in $DIR/bin (sid's usr/bin would also
# put its dockerd and containerd first), and the plugins in $DOCKER_CONFIG. Copies, so that a test
# that replaces a plugin there never writes into the cache.
install_cli() {
  local plugin
  mkdir -p "$DIR/bin" "$DOCKER_CONFIG/cli-plugins"
  [[ -x $DIR/bin/docker ]] || cp "$MODERN/usr/bin/docker" "$DIR/bin/docker"
  for plugin in docker-buildx docker-compose; do
    [[ -x $DOCKER_CONFIG/cli-plugins/$plugin ]] ||
      cp "$MODERN/usr/libexec/docker/cli-plugins/$plugin" "$DOCKER_CONFIG/cli-plugins/$plugin"
  done
}

# The Debian mirror apt uses for bookworm: deb822 .sources files first, then sources.list.
debian_mirror() {
  local file mirror
  for file in /etc/apt/sources.list.d/*.sources; do
    [[ -f $file ]] || continue
    mirror=$(awk 'BEGIN { RS = ""; FS = "\n" }
      { uris = ""; ok = 0
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^URIs:/) { sub(/^URIs:[ \t]*/, "", $i); split($i, u, /[ \t]+/); uris = u[1] }
          if ($i ~ /^Suites:/ && (" " $i " ") ~ /[ \t]bookworm[ \t]/) ok = 1
          if ($i ~ /^Enabled:[ \t]*no/) ok = 0
        }
        if (ok && uris != "") { print uris; exit } }' "$file")
    [[ -n $mirror ]] && { echo "$mirror"; return 0; }
  done
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f $file ]] || continue
    mirror=$(awk '$1 == "deb" { i = 2; if ($2 ~ /^\[/) while ($i !~ /\]$/) i++; if ($2 ~ /^\[/) i++
      if ($(i + 1) == "bookworm") { print $i; exit } }' "$file")
    [[ -n $mirror ]] && { echo "$mirror"; return 0; }
  done
  die "no bookworm mirror in apt's sources (/etc/apt/sources.list.d/*.sources, /etc/apt/sources.list)"
}

# sid's engine, CLI and plugins over Debian's: /usr/local/bin comes first on the image's PATH, and
# /usr/local/lib/docker/cli-plugins is one of the CLI's system plugin folders. Debian's runc stays.
overlay_modern() {
  local root=$1
  mkdir -p "$root/usr/local/bin" "$root/usr/local/lib/docker/cli-plugins"
  cp "$MODERN"/usr/sbin/{dockerd,docker-proxy} "$MODERN"/usr/bin/{docker,containerd,containerd-shim-runc-v2,ctr} "$root/usr/local/bin/"
  cp "$MODERN"/usr/libexec/docker/cli-plugins/docker-{buildx,compose} "$root/usr/local/lib/docker/cli-plugins/"
}
