#!/usr/bin/env bash
# A private Docker testbed for berth's tests: a dockerd of its own (own socket, data-root,
# exec-root, containerd and bridge, so it never disturbs another engine on the machine),
# a registry on 127.0.0.1, and a busybox:latest base image made locally from busybox-static
# (nothing can be pulled from a public registry).
#
# Usage: scripts/testbed.sh install|up|down|env|status|selftest|image debian
#   install   apt-get install the Debian packages the testbed needs, only if one is missing
#   up        install, start engine and registry unless they already answer, create
#             busybox:latest if missing, write $BERTH_TESTBED_DIR/env and print it
#             (so `eval "$(scripts/testbed.sh up)"` points the shell at the testbed)
#   down      stop what `up` started (only by the pids in its own pidfiles), remove its
#             bridges, mounts and state dir; safe to run twice or when nothing is up
#   env       print the env file; fails when the testbed is not up
#   status    say whether the engine and the registry answer
#   selftest  run a container, reach one container from another by name on a user-defined
#             network, push, pull and delete an image through the registry
#   up-btrfs  a second engine on a btrfs file system (a loop-mounted image file) with the btrfs
#             storage driver, its own containerd, bridge and networks, and busybox:latest;
#             prints its DOCKER_HOST line (`down` or `down-btrfs` removes it)
#   down-btrfs  stop that engine, unmount and detach its file system, remove its bridge and dir
#   image debian
#             make berth-debian:bookworm (a Debian userland with the docker engine and CLI, iptables,
#             openssl and the registry, for job containers and docker-in-docker) with debootstrap
#             from the mirror apt is configured with; kept as a tarball in the state dir, so it
#             is made once per testbed life; prints the image name
#
# Settings (environment):
#   BERTH_TESTBED_DIR            state dir (default /tmp/berth-testbed)
#   BERTH_TESTBED_REGISTRY_PORT  registry port on 127.0.0.1 (default 5000)
#   BERTH_TESTBED_NET            first two octets of the /16 used by the engine's networks
#                                (default 10.213: bridge .255.1/24, networks from .0.0/17)
#   BERTH_TESTBED_BRIDGE         name of the engine's default bridge (default berth-tb0)
#   BERTH_TESTBED_IPTABLES       let dockerd manage iptables (default false; see start_engine)
set -euo pipefail

DIR=${BERTH_TESTBED_DIR:-/tmp/berth-testbed}
PORT=${BERTH_TESTBED_REGISTRY_PORT:-5000}
NET=${BERTH_TESTBED_NET:-10.213}
BRIDGE=${BERTH_TESTBED_BRIDGE:-berth-tb0}
PACKAGES=(docker.io docker-registry busybox-static openssl iproute2 curl btrfs-progs docker-compose tini)
SOCK=$DIR/docker.sock
CTR_SOCK=$DIR/containerd.sock
REGISTRY=127.0.0.1:$PORT
FORWARD_RULE=(FORWARD -s "$NET.0.0/16" -d "$NET.0.0/16" -m comment --comment berth-testbed -j ACCEPT)
export DOCKER_HOST=unix://$SOCK

log() { printf 'testbed: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# wait_up NAME SECONDS CMD...: poll CMD until it succeeds; fail with the tail of NAME's log
# when NAME's process exits or SECONDS run out.
wait_up() {
  local name=$1 limit=$2 deadline=$((SECONDS + $2)) pid
  shift 2
  pid=$(<"$DIR/$name.pid")
  until "$@" >/dev/null 2>&1; do
    if ! alive "$pid" || ((SECONDS >= deadline)); then
      tail -n 40 "$DIR/$name.log" >&2 || true
      die "$name did not come up within ${limit}s (log: $DIR/$name.log)"
    fi
    sleep 0.2
  done
}

# alive PID: the process exists and is not a zombie.
alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat%% *} != Z ]]
}

# ours PIDFILE: print the pid recorded in PIDFILE if that process is alive and its command
# line names this state dir (guards against a reused pid).
ours() {
  local pid cmdline
  [[ -s $1 ]] || return 1
  pid=$(<"$1")
  [[ $pid =~ ^[0-9]+$ ]] && alive "$pid" || return 1
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ $cmdline == *"$DIR/"* ]] || return 1
  echo "$pid"
}

# spawn NAME CMD...: start CMD in a session of its own, logging to $DIR/NAME.log.
spawn() {
  local name=$1
  shift
  setsid "$@" >>"$DIR/$name.log" 2>&1 </dev/null &
  echo "$!" >"$DIR/$name.pid"
}

# stop NAME: TERM the process in $DIR/NAME.pid, KILL it after 15 s.
stop() {
  local pid i
  if pid=$(ours "$DIR/$1.pid"); then
    log "stopping $1 (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 75; i++)); do alive "$pid" || break; sleep 0.2; done
    if alive "$pid"; then
      log "$1 ignored TERM for 15s, killing it"
      kill -KILL "$pid" 2>/dev/null || true
      for ((i = 0; i < 25; i++)); do alive "$pid" || break; sleep 0.2; done
    fi
  fi
  rm -f "$DIR/$1.pid"
}

engine_answers() { docker version >/dev/null 2>&1; }
containerd_answers() { [[ -S $CTR_SOCK ]] && ctr --connect-timeout 2s -a "$CTR_SOCK" version >/dev/null 2>&1; }
registry_answers() { curl -fsS -o /dev/null --max-time 2 "http://$REGISTRY/v2/" 2>/dev/null; }

cmd_install() {
  local missing=() pkg
  for pkg in "${PACKAGES[@]}"; do
    [[ $(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null) == "install ok installed" ]] || missing+=("$pkg")
  done
  ((${#missing[@]} == 0)) && return 0
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive # apt's output goes to stderr: stdout is for the env lines
  apt-get -o DPkg::Lock::Timeout=300 update -q >&2
  apt-get -o DPkg::Lock::Timeout=300 install -y -q "${PACKAGES[@]}" >&2
}

# The engine's own bridge, so that it never creates, reuses or deletes docker0.
make_bridge() {
  local routes
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    routes=$({ ip -4 route show root "$NET.0.0/16"; ip -4 route show match "$NET.0.0/16"; } | grep -v '^default' || true)
    [[ -z $routes ]] || die "$NET.0.0/16 is in use (a testbed left over? run: $0 down; else set BERTH_TESTBED_NET):"$'\n'"$routes"
    ip link add "$BRIDGE" type bridge
    touch "$DIR/bridge.created"
  fi
  ip -4 addr show dev "$BRIDGE" | grep -qF "inet $NET.255.1/24" || ip addr add "$NET.255.1/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
}

# Containers left running by an engine that was killed (else dockerd waits 10 s on each).
kill_orphans() {
  local task
  containerd_answers || return 0
  for task in $(ctr -a "$CTR_SOCK" -n moby tasks ls -q 2>/dev/null); do
    ctr -a "$CTR_SOCK" -n moby tasks delete -f "$task" >/dev/null 2>&1 || true
  done
}

start_containerd() {
  containerd_answers && return 0
  stop containerd
  # An explicit config, so that neither the machine's /etc/containerd/config.toml nor a
  # system containerd (which dockerd would otherwise adopt) is involved.
  cat >"$DIR/containerd.toml" <<EOF
version = 2
root = "$DIR/containerd/root"
state = "$DIR/containerd/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$CTR_SOCK"
[plugins."io.containerd.internal.v1.opt"]
  path = "$DIR/containerd/opt"
EOF
  spawn containerd containerd --config "$DIR/containerd.toml"
  wait_up containerd 30 containerd_answers
}

# dockerd runs with --iptables=false by default: an engine that manages iptables deletes and
# recreates the shared DOCKER chains when it starts (dropping another engine's rules) and leaves
# them behind when it stops. Nothing here needs NAT: containers talk over the bridges, the engine
# reaches the registry on 127.0.0.1, and -p is served by docker-proxy. One ACCEPT rule for the
# testbed's own /16 keeps bridged traffic flowing where br_netfilter meets a FORWARD policy of DROP.
# Like any dockerd, it turns on net.ipv4.ip_forward (else every `docker run` warns).
start_engine() {
  engine_answers && return 0
  stop dockerd
  rm -f "$DIR/exec/dockerd.pid" # left by a dockerd that was killed; it refuses to start over it
  make_bridge
  start_containerd
  kill_orphans
  if command -v iptables >/dev/null && ! iptables -C "${FORWARD_RULE[@]}" 2>/dev/null; then
    iptables -I "${FORWARD_RULE[@]}" || log "could not add the FORWARD rule (continuing)"
  fi
  # Its own daemon.json keeps the machine's /etc/docker/daemon.json out, and the trust key in $DIR.
  printf '{"deprecated-key-path": "%s/key.json"}\n' "$DIR" >"$DIR/daemon.json"
  log "starting dockerd on $SOCK"
  spawn dockerd dockerd --config-file "$DIR/daemon.json" -H "unix://$SOCK" \
    --data-root "$DIR/data" --exec-root "$DIR/exec" --pidfile "$DIR/exec/dockerd.pid" \
    --containerd "$CTR_SOCK" --bridge "$BRIDGE" --default-address-pool "base=$NET.0.0/17,size=24" \
    --iptables="${BERTH_TESTBED_IPTABLES:-false}" --shutdown-timeout 2
  wait_up dockerd 60 engine_answers
}

start_registry() {
  if registry_answers; then
    ours "$DIR/registry.pid" >/dev/null && return 0
    die "something else already answers on http://$REGISTRY/v2/ (set BERTH_TESTBED_REGISTRY_PORT)"
  fi
  stop registry
  cat >"$DIR/registry.yml" <<EOF
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $DIR/registry
  delete:
    enabled: true
http:
  addr: $REGISTRY
EOF
  spawn registry docker-registry serve "$DIR/registry.yml"
  wait_up registry 30 registry_answers
}

# busybox:latest from busybox-static: the binary, its applet links, /tmp and a root user.
make_busybox() {
  local root applet
  docker image inspect busybox:latest >/dev/null 2>&1 && return 0
  log "creating busybox:latest"
  root=$(mktemp -d "$DIR/busybox.XXXXXX")
  mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,root,tmp}
  chmod 1777 "$root/tmp"
  cp /bin/busybox "$root/bin/busybox"
  while read -r applet; do
    [[ $applet == */busybox || -e $root/$applet ]] || ln "$root/bin/busybox" "$root/$applet"
  done < <(/bin/busybox --list-full)
  echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
  echo 'root:x:0:' >"$root/etc/group"
  tar -C "$root" -c . | docker import -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' -c 'CMD ["sh"]' - busybox:latest >/dev/null
  rm -rf "$root"
}

write_env() {
  printf 'export DOCKER_HOST=unix://%s\nexport BERTH_TESTBED_REGISTRY=%s\n' "$SOCK" "$REGISTRY" >"$DIR/env"
}

cmd_up() {
  local started=$SECONDS
  cmd_install
  mkdir -p "$DIR"
  start_engine
  start_registry
  make_busybox
  [[ $(docker run --rm busybox:latest echo ok) == ok ]] || die "docker run busybox:latest failed"
  write_env
  log "up in $((SECONDS - started))s (logs in $DIR)"
  cat "$DIR/env"
}

cmd_down() {
  local link addr mnt
  cmd_down_btrfs
  if engine_answers; then # remove containers and networks, so their bridges go too
    docker ps -aq | xargs -r docker rm -f >/dev/null 2>&1 || true
    docker network prune -f >/dev/null 2>&1 || true
  fi
  stop registry
  stop dockerd
  kill_orphans
  stop containerd
  # Bridges of the engine's networks left behind: br-* holding an address in the testbed's /16.
  while read -r link addr; do
    if [[ $link == br-* && $addr == "$NET".* ]]; then ip link delete "$link" 2>/dev/null || true; fi
  done < <(ip -o -4 addr show 2>/dev/null | awk '{print $2, $4}')
  if [[ -e $DIR/bridge.created ]] && ip link show "$BRIDGE" >/dev/null 2>&1; then
    ip link delete "$BRIDGE"
  fi
  if command -v iptables >/dev/null; then
    while iptables -C "${FORWARD_RULE[@]}" 2>/dev/null; do iptables -D "${FORWARD_RULE[@]}"; done
  fi
  # Mounts the engine may leave under its roots (overlays, shm, netns), deepest first.
  while read -r mnt; do
    umount "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null || log "could not unmount $mnt"
  done < <(awk -v d="$DIR" '$5 == d || index($5, d "/") == 1 {print $5}' /proc/self/mountinfo | sort -r)
  rm -rf "$DIR"
  log "down"
}

cmd_env() {
  if ! [[ -s $DIR/env ]] || ! engine_answers; then die "the testbed is not up (run: $0 up)"; fi
  cat "$DIR/env"
}

cmd_status() {
  local rc=0
  if engine_answers; then echo "engine: up ($SOCK, server $(docker version -f '{{.Server.Version}}'))"; else echo "engine: down"; rc=1; fi
  if registry_answers; then echo "registry: up (http://$REGISTRY)"; else echo "registry: down"; rc=1; fi
  return "$rc"
}

SELFTEST=berth-selftest-$$
selftest_cleanup() {
  docker rm -f "$SELFTEST-a" >/dev/null 2>&1 || true
  docker network rm "$SELFTEST" >/dev/null 2>&1 || true
}

cmd_selftest() {
  local image=$REGISTRY/$SELFTEST/busybox:1 manifests=http://$REGISTRY/v2/$SELFTEST/busybox/manifests digest
  cmd_env >/dev/null
  [[ $(docker run --rm busybox:latest echo ok) == ok ]] || die "docker run failed"
  trap selftest_cleanup EXIT
  docker network create "$SELFTEST" >/dev/null
  docker run -d --name "$SELFTEST-a" --network "$SELFTEST" busybox:latest sleep 60 >/dev/null
  docker run --rm --network "$SELFTEST" busybox:latest ping -c1 -W5 "$SELFTEST-a" >/dev/null ||
    die "a container cannot reach another by name on a user-defined network"
  docker tag busybox:latest "$image"
  docker push "$image" >/dev/null
  docker rmi "$image" >/dev/null
  docker pull "$image" >/dev/null
  docker rmi "$image" >/dev/null
  digest=$(curl -fsSI -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' "$manifests/1" |
    tr -d '\r' | awk -F': ' 'tolower($1) == "docker-content-digest" {print $2}')
  [[ $digest == sha256:* ]] || die "the pushed manifest is not in the registry"
  curl -fsS -X DELETE "$manifests/$digest" >/dev/null
  echo "selftest: ok (run, user-defined network by name, registry push/pull/delete)"
}

# The btrfs engine: everything under $DIR/btrfs, pids and logs as $DIR/btrfs-*.
BTRFS=$DIR/btrfs
BTRFS_BRIDGE=${BRIDGE}b
btrfs_answers() { DOCKER_HOST=unix://$BTRFS/docker.sock docker version >/dev/null 2>&1; }
btrfs_containerd_answers() { ctr --connect-timeout 2s -a "$BTRFS/containerd.sock" version >/dev/null 2>&1; }

cmd_up_btrfs() {
  cmd_install
  mkdir -p "$BTRFS/mnt"
  if ! btrfs_answers; then
    if ! mountpoint -q "$BTRFS/mnt"; then
      truncate -s 2G "$BTRFS/btrfs.img"
      mkfs.btrfs -q -f "$BTRFS/btrfs.img" >&2
      mount -o loop "$BTRFS/btrfs.img" "$BTRFS/mnt"
    fi
    if ! ip link show "$BTRFS_BRIDGE" >/dev/null 2>&1; then
      ip link add "$BTRFS_BRIDGE" type bridge
      touch "$BTRFS/bridge.created"
    fi
    ip -4 addr show dev "$BTRFS_BRIDGE" | grep -qF "inet $NET.254.1/24" || ip addr add "$NET.254.1/24" dev "$BTRFS_BRIDGE"
    ip link set "$BTRFS_BRIDGE" up
    cat >"$BTRFS/containerd.toml" <<EOF
version = 2
root = "$BTRFS/containerd/root"
state = "$BTRFS/containerd/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$BTRFS/containerd.sock"
[plugins."io.containerd.internal.v1.opt"]
  path = "$BTRFS/containerd/opt"
EOF
    btrfs_containerd_answers || spawn btrfs-containerd containerd --config "$BTRFS/containerd.toml"
    wait_up btrfs-containerd 30 btrfs_containerd_answers
    printf '{"deprecated-key-path": "%s/key.json"}\n' "$BTRFS" >"$BTRFS/daemon.json"
    log "starting dockerd with the btrfs storage driver on $BTRFS/docker.sock"
    spawn btrfs-dockerd dockerd --config-file "$BTRFS/daemon.json" -H "unix://$BTRFS/docker.sock" \
      --storage-driver btrfs --data-root "$BTRFS/mnt/data" --exec-root "$BTRFS/exec" \
      --pidfile "$BTRFS/exec/dockerd.pid" --containerd "$BTRFS/containerd.sock" --bridge "$BTRFS_BRIDGE" \
      --default-address-pool "base=$NET.128.0/18,size=24" --iptables=false --shutdown-timeout 2
    wait_up btrfs-dockerd 60 btrfs_answers
  fi
  DOCKER_HOST=unix://$BTRFS/docker.sock make_busybox
  echo "export DOCKER_HOST=unix://$BTRFS/docker.sock"
}

cmd_down_btrfs() {
  local mnt loop task
  if btrfs_answers; then
    DOCKER_HOST=unix://$BTRFS/docker.sock docker ps -aq |
      xargs -r env DOCKER_HOST="unix://$BTRFS/docker.sock" docker rm -f >/dev/null 2>&1 || true
  fi
  stop btrfs-dockerd
  if btrfs_containerd_answers; then
    for task in $(ctr -a "$BTRFS/containerd.sock" -n moby tasks ls -q 2>/dev/null); do
      ctr -a "$BTRFS/containerd.sock" -n moby tasks delete -f "$task" >/dev/null 2>&1 || true
    done
  fi
  stop btrfs-containerd
  [[ -d $BTRFS ]] || return 0
  while read -r mnt; do
    umount "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null || log "could not unmount $mnt"
  done < <(awk -v d="$BTRFS" '$5 == d || index($5, d "/") == 1 {print $5}' /proc/self/mountinfo | sort -r)
  if [[ -e $BTRFS/btrfs.img ]]; then
    while read -r loop; do losetup -d "$loop" 2>/dev/null || log "could not detach $loop"; done \
      < <(losetup -j "$BTRFS/btrfs.img" -O NAME -n 2>/dev/null)
  fi
  if [[ -e $BTRFS/bridge.created ]] && ip link show "$BTRFS_BRIDGE" >/dev/null 2>&1; then
    ip link delete "$BTRFS_BRIDGE"
  fi
  rm -rf "$BTRFS"
  log "btrfs engine down"
}

DEBIAN_IMAGE=berth-debian:bookworm
DEBIAN_PACKAGES=docker.io,iptables,ca-certificates,openssl,docker-registry

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

make_debian() {
  local tarball=$DIR/debian-bookworm.tar root mirror started=$SECONDS
  docker image inspect "$DEBIAN_IMAGE" >/dev/null 2>&1 && return 0
  local import=(docker import -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' -c 'CMD ["bash"]')
  if [[ -s $tarball ]]; then
    "${import[@]}" "$tarball" "$DEBIAN_IMAGE" >/dev/null
  else
    if ! command -v debootstrap >/dev/null; then
      log "installing debootstrap"
      DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q debootstrap >&2
    fi
    mirror=$(debian_mirror)
    root=$(mktemp -d "$DIR/debian.XXXXXX")
    log "debootstrap bookworm from $mirror"
    debootstrap --variant=minbase --include="$DEBIAN_PACKAGES" bookworm "$root" "$mirror" >"$DIR/debootstrap.log" 2>&1 ||
      { tail -n 20 "$DIR/debootstrap.log" >&2; rm -rf "$root"; die "debootstrap failed (log: $DIR/debootstrap.log)"; }
    log "debootstrap done in $((SECONDS - started))s"
    rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
    # One pass makes both the image and the tarball kept for when the image is gone.
    tar -C "$root" -c . | tee "$tarball.part" | "${import[@]}" - "$DEBIAN_IMAGE" >/dev/null
    mv "$tarball.part" "$tarball"
    rm -rf "$root"
  fi
  log "$DEBIAN_IMAGE ready in $((SECONDS - started))s"
}

# image debian: one maker at a time (test files ask for it in parallel).
cmd_image() {
  [[ ${1:-} == debian ]] || die "usage: $0 image debian"
  cmd_env >/dev/null
  exec 9>"$DIR/image.lock"
  flock -w 600 9 || die "another 'image debian' held the lock for 10 minutes"
  make_debian
  echo "$DEBIAN_IMAGE"
}

case ${1:-} in
  install | up | down | env | status | selftest) [[ $(id -u) == 0 || $1 == env || $1 == status ]] || die "$1 needs root"; "cmd_$1" ;;
  up-btrfs | down-btrfs) [[ $(id -u) == 0 ]] || die "$1 needs root"; "cmd_${1//-/_}" ;;
  image) [[ $(id -u) == 0 ]] || die "image needs root"; cmd_image "${2:-}" ;;
  *) sed -n '2,/^set -euo/{/^#/s/^# \{0,1\}//p}' "$0" >&2; exit 2 ;;
esac
