#!/usr/bin/env bash
# A private Docker testbed for berth's tests: three engines of its own, each with its own socket,
# data-root, exec-root, containerd and bridge (so none disturbs another engine on the machine), a
# registry on 127.0.0.1, and a busybox:latest base image in each engine, made locally from
# busybox-static (nothing can be pulled from a public registry).
#   modern             today's Docker: dockerd 28 and containerd 2 from Debian sid (unpacked into a
#                      cache, never installed), classic image store; the default engine
#   modern-containerd  the same binaries on the containerd image store
#   old                Debian 12's dockerd 20.10 and containerd 1.6
# Both modern engines run Debian 12's runc (sid's needs a newer glibc). The docker CLI is sid's
# (with the buildx and compose v2 plugins); Debian 12's 20.10 client stays at /usr/bin/docker.
# How sid's packages are fetched and laid out is in scripts/testbed-sid.sh (sourced).
#
# Usage: scripts/testbed.sh install|up|down|env|status|selftest|up-btrfs|down-btrfs|image debian
#   install   apt-get install the Debian packages the testbed needs, only if one is missing, and
#             fetch sid's docker.io, containerd, docker-cli, docker-buildx and docker-compose once
#             per machine into $BERTH_TESTBED_CACHE (apt with a private sources list and state:
#             the machine's apt sources and installed packages are not touched)
#   up        install, start the engines and the registry unless they already answer, create
#             busybox:latest where missing, write $BERTH_TESTBED_DIR/env and print it
#             (so `eval "$(scripts/testbed.sh up)"` points the shell at the testbed). The env file
#             exports DOCKER_HOST (modern), BERTH_TESTBED_HOST_CONTAINERD, BERTH_TESTBED_HOST_OLD,
#             BERTH_TESTBED_REGISTRY, BERTH_TESTBED_DIR, BERTH_TESTBED_MODERN (the unpacked sid
#             root), BERTH_TESTBED_OLD_CLI (Debian's 20.10 client), DOCKER_CONFIG (with the buildx
#             and compose plugins) and PATH (the sid docker CLI first); nothing else is needed
#   down      stop what `up` started (only by the pids in its own pidfiles), remove its
#             bridges, mounts and state dir; safe to run twice or when nothing is up
#   env       print the env file; fails when the testbed is not up
#   status    say whether each engine and the registry answer
#   selftest  on each engine: run a container, reach one container from another by name on a
#             user-defined network, push, pull and delete an image through the registry; on the
#             modern ones also a two-stage `docker buildx build` with inline cache, a registry cache
#             export (mode=max) and `docker compose version`
#   up-btrfs  a further modern engine (classic store) on a btrfs file system (a loop-mounted image
#             file) with the btrfs storage driver, its own containerd, bridge and networks, and
#             busybox:latest; prints its DOCKER_HOST line (`down` or `down-btrfs` removes it)
#   down-btrfs  stop that engine, unmount and detach its file system, remove its bridge and dir
#   image debian
#             make berth-debian:bookworm in the engine of the caller's DOCKER_HOST (default: modern):
#             a Debian 12 userland by debootstrap from the mirror apt is configured with (Debian's
#             docker.io, iptables, openssl, the registry) with sid's dockerd, containerd, docker CLI
#             in /usr/local/bin and buildx and compose in /usr/local/lib/docker/cli-plugins, for job
#             containers and docker-in-docker; kept as a tarball in the state dir, so it is made once
#             per testbed life; prints the image name
#
# Settings (environment):
#   BERTH_TESTBED_DIR            state dir (default /tmp/berth-testbed)
#   BERTH_TESTBED_CACHE          where sid's packages are kept across testbeds
#                                (default /var/cache/berth-testbed; `down` leaves it)
#   BERTH_TESTBED_REGISTRY_PORT  registry port on 127.0.0.1 (default 5000)
#   BERTH_TESTBED_NET            first two octets of the /16 used by the engines' networks (default
#                                10.213; bridges .255/.253/.252/.254.1/24 for modern, modern-containerd,
#                                old and btrfs, networks from .0.0/18, .64.0/18, .192.0/19, .128.0/18)
#   BERTH_TESTBED_BRIDGE         name of the modern engine's bridge (default berth-tb0; the others
#                                add c, o and b to it; at most 14 characters)
#   BERTH_TESTBED_IPTABLES       let the modern engine's dockerd manage iptables (default false;
#                                see start_engine)
set -euo pipefail

DIR=${BERTH_TESTBED_DIR:-/tmp/berth-testbed}
CACHE=${BERTH_TESTBED_CACHE:-/var/cache/berth-testbed}
PORT=${BERTH_TESTBED_REGISTRY_PORT:-5000}
NET=${BERTH_TESTBED_NET:-10.213}
BRIDGE=${BERTH_TESTBED_BRIDGE:-berth-tb0}
PACKAGES=(docker.io docker-registry busybox-static openssl iproute2 curl btrfs-progs docker-compose tini)
ENGINES=(modern modern-containerd old)
REGISTRY=127.0.0.1:$PORT
FORWARD_RULE=(FORWARD -s "$NET.0.0/16" -d "$NET.0.0/16" -m comment --comment berth-testbed -j ACCEPT)
# Per engine: its bridge, the bridge's third octet, its pool of networks, and its image store
# (the containerd-snapshotter feature; empty for 20.10, which keeps its own daemon.json).
declare -A BRIDGES=([modern]=$BRIDGE [modern-containerd]=${BRIDGE}c [old]=${BRIDGE}o [btrfs]=${BRIDGE}b)
declare -A OCTETS=([modern]=255 [modern-containerd]=253 [old]=252 [btrfs]=254)
declare -A POOLS=([modern]=$NET.0.0/18 [modern-containerd]=$NET.64.0/18 [old]=$NET.192.0/19 [btrfs]=$NET.128.0/18)
declare -A STORES=([modern]=false [modern-containerd]=true [old]='' [btrfs]=false)
CALLER_DOCKER_HOST=${DOCKER_HOST:-} # `image debian` imports into the caller's engine
export DOCKER_HOST=unix://$DIR/modern/docker.sock DOCKER_CONFIG=$DIR/docker-config

log() { printf 'testbed: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# Where today's Docker comes from (SID, MODERN, sid_ready, install_cli, overlay_modern, debian_mirror).
# shellcheck source=scripts/testbed-sid.sh
source "$(dirname "${BASH_SOURCE[0]}")/testbed-sid.sh"

# The script's own client is sid's, wherever PATH points (Debian's 20.10 client is at /usr/bin).
docker() { "$MODERN/usr/bin/docker" "$@"; }

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

# parallel CMD ARG...: run `CMD ARG` for each ARG at once; fail when one of them failed.
parallel() {
  local cmd=$1 pids=() pid arg rc=0
  shift
  for arg; do "$cmd" "$arg" & pids+=("$!"); done
  for pid in "${pids[@]}"; do wait "$pid" || rc=1; done
  return "$rc"
}

# Engine NAME lives in $DIR/NAME (sockets, configs, roots); its pids and logs are $DIR/NAME-*.
host_of() { echo "unix://$DIR/$1/docker.sock"; }
answers() { DOCKER_HOST=$(host_of "$1") docker version >/dev/null 2>&1; }
on() { local e=$1; shift; DOCKER_HOST=$(host_of "$e") "$@"; } # on ENGINE CMD...
is_modern() { [[ -n ${STORES[$1]} ]]; }
bin_of() { if is_modern "$1"; then echo "$MODERN/usr/$2"; else echo "/usr/$2"; fi; } # bin_of ENGINE sbin/dockerd
# The daemons' PATH: the modern ones find sid's shim and docker-proxy first, and Debian 12's runc.
path_of() { if is_modern "$1"; then echo "$MODERN/usr/bin:$MODERN/usr/sbin:/usr/sbin:/usr/bin:/sbin:/bin"; else echo /usr/sbin:/usr/bin:/sbin:/bin; fi; }
ctr_of() { "$(bin_of "$1" bin/ctr)" --connect-timeout 2s -a "$DIR/$1/containerd.sock" "${@:2}"; }
containerd_answers() { [[ -S $DIR/$1/containerd.sock ]] && ctr_of "$1" version >/dev/null 2>&1; }
registry_answers() { curl -fsS -o /dev/null --max-time 2 "http://$REGISTRY/v2/" 2>/dev/null; }

cmd_install() {
  local missing=() pkg
  for pkg in "${PACKAGES[@]}"; do
    [[ $(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null) == "install ok installed" ]] || missing+=("$pkg")
  done
  if ((${#missing[@]} > 0)); then
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive # apt's output goes to stderr: stdout is for the env lines
    apt-get -o DPkg::Lock::Timeout=300 update -q >&2
    apt-get -o DPkg::Lock::Timeout=300 install -y -q "${PACKAGES[@]}" >&2
  fi
  sid_ready
}

# make_bridge ENGINE: its own bridge, so that no engine creates, reuses or deletes docker0.
make_bridge() {
  local e=$1 bridge=${BRIDGES[$1]} addr=$NET.${OCTETS[$1]}.1/24 cidr routes
  if ! ip link show "$bridge" >/dev/null 2>&1; then
    for cidr in "$NET.${OCTETS[$e]}.0/24" "${POOLS[$e]}"; do
      routes=$({ ip -4 route show root "$cidr"; ip -4 route show match "$cidr"; } | grep -v '^default' || true)
      [[ -z $routes ]] || die "$cidr is in use (a testbed left over? run: $0 down; else set BERTH_TESTBED_NET):"$'\n'"$routes"
    done
    ip link add "$bridge" type bridge
    mkdir -p "$DIR/$e"
    touch "$DIR/$e/bridge.created"
  fi
  ip -4 addr show dev "$bridge" | grep -qF "inet $addr" || ip addr add "$addr" dev "$bridge"
  ip link set "$bridge" up
}

# Containers left running by an engine that was killed (else dockerd waits 10 s on each).
kill_orphans() {
  local task
  containerd_answers "$1" || return 0
  for task in $(ctr_of "$1" -n moby tasks ls -q 2>/dev/null); do
    ctr_of "$1" -n moby tasks delete -f "$task" >/dev/null 2>&1 || true
  done
}

# An explicit config, so that neither the machine's /etc/containerd/config.toml nor a system
# containerd (which dockerd would otherwise adopt) is involved. containerd 2 also gets NRI off
# (its socket is machine-wide) and the CRI plugins off by their new names.
start_containerd() {
  local e=$1 d=$DIR/$1 version=2 off='"io.containerd.grpc.v1.cri"'
  containerd_answers "$e" && return 0
  stop "$e-containerd"
  is_modern "$e" && version=3 off+=', "io.containerd.cri.v1.images", "io.containerd.cri.v1.runtime", "io.containerd.nri.v1.nri"'
  cat >"$d/containerd.toml" <<EOF
version = $version
root = "$d/containerd/root"
state = "$d/containerd/state"
disabled_plugins = [$off]
[grpc]
  address = "$d/containerd.sock"
[plugins."io.containerd.internal.v1.opt"]
  path = "$d/containerd/opt"
EOF
  spawn "$e-containerd" env PATH="$(path_of "$e")" "$(bin_of "$e" bin/containerd)" --config "$d/containerd.toml"
  wait_up "$e-containerd" 30 containerd_answers "$e"
}

# start_engine ENGINE DATA_ROOT [DOCKERD_ARG...]: its containerd, then its dockerd.
# dockerd runs with --iptables=false by default: an engine that manages iptables deletes and
# recreates the shared DOCKER chains when it starts (dropping another engine's rules) and leaves
# them behind when it stops. Nothing here needs NAT: containers talk over the bridges, the engine
# reaches the registry on 127.0.0.1, and -p is served by docker-proxy. One ACCEPT rule for the
# testbed's own /16 keeps bridged traffic flowing where br_netfilter meets a FORWARD policy of DROP.
# Like any dockerd, it turns on net.ipv4.ip_forward (else every `docker run` warns).
start_engine() {
  local e=$1 data=$2 d=$DIR/$1 iptables=false ip6tables=()
  shift 2
  answers "$e" && return 0
  stop "$e-dockerd"
  rm -f "$d/exec/dockerd.pid" # left by a dockerd that was killed; it refuses to start over it
  start_containerd "$e"
  kill_orphans "$e"
  # Its own daemon.json keeps the machine's /etc/docker/daemon.json out, and the trust key in $d.
  if is_modern "$e"; then
    printf '{"features": {"containerd-snapshotter": %s}}\n' "${STORES[$e]}" >"$d/daemon.json"
  else
    printf '{"deprecated-key-path": "%s/key.json"}\n' "$d" >"$d/daemon.json"
  fi
  [[ $e == modern ]] && iptables=${BERTH_TESTBED_IPTABLES:-false}
  is_modern "$e" && ip6tables=(--ip6tables="$iptables") # on by default since 27, even with --iptables=false
  log "starting the $e engine on $(host_of "$e")"
  spawn "$e-dockerd" env PATH="$(path_of "$e")" "$(bin_of "$e" sbin/dockerd)" --config-file "$d/daemon.json" \
    -H "$(host_of "$e")" --data-root "$data" --exec-root "$d/exec" --pidfile "$d/exec/dockerd.pid" \
    --containerd "$d/containerd.sock" --bridge "${BRIDGES[$e]}" --default-address-pool "base=${POOLS[$e]},size=24" \
    --iptables="$iptables" "${ip6tables[@]}" --shutdown-timeout 2 "$@"
  wait_up "$e-dockerd" 60 answers "$e"
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

# busybox_image ENGINE: busybox:latest from busybox-static (the binary, its applet links, /tmp and a
# root user), and a container of it that runs. The tarball is made once per testbed.
busybox_image() {
  local e=$1
  if ! on "$e" docker image inspect busybox:latest >/dev/null 2>&1; then
    on "$e" docker import -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
      -c 'CMD ["sh"]' "$DIR/busybox.tar" busybox:latest >/dev/null
  fi
  [[ $(on "$e" docker run --rm busybox:latest echo ok) == ok ]] || die "docker run busybox:latest failed on the $e engine"
}

busybox_tar() {
  local root applet
  [[ -s $DIR/busybox.tar ]] && return 0
  root=$(mktemp -d "$DIR/busybox.XXXXXX")
  mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,root,tmp}
  chmod 1777 "$root/tmp"
  cp /bin/busybox "$root/bin/busybox"
  while read -r applet; do
    [[ $applet == */busybox || -e $root/$applet ]] || ln "$root/bin/busybox" "$root/$applet"
  done < <(/bin/busybox --list-full)
  echo 'root:x:0:0:root:/root:/bin/sh' >"$root/etc/passwd"
  echo 'root:x:0:' >"$root/etc/group"
  tar -C "$root" -cf "$DIR/busybox.tar.part" .
  mv "$DIR/busybox.tar.part" "$DIR/busybox.tar"
  rm -rf "$root"
}

write_env() {
  {
    printf 'export DOCKER_HOST=%q\n' "$(host_of modern)"
    printf 'export BERTH_TESTBED_HOST_CONTAINERD=%q\n' "$(host_of modern-containerd)"
    printf 'export BERTH_TESTBED_HOST_OLD=%q\n' "$(host_of old)"
    printf 'export BERTH_TESTBED_REGISTRY=%q\n' "$REGISTRY"
    printf 'export BERTH_TESTBED_DIR=%q\n' "$DIR"
    printf 'export BERTH_TESTBED_MODERN=%q\n' "$MODERN"
    printf 'export BERTH_TESTBED_OLD_CLI=/usr/bin/docker\n'
    printf 'export DOCKER_CONFIG=%q\n' "$DOCKER_CONFIG"
    # shellcheck disable=SC2016 # $PATH is the sourcing shell's
    printf 'export PATH=%q:"$PATH"\n' "$DIR/bin"
  } >"$DIR/env"
}

up_engine() { start_engine "$1" "$DIR/$1/data"; }

cmd_up() {
  local started=$SECONDS e
  ((${#BRIDGE} <= 14)) || die "BERTH_TESTBED_BRIDGE=$BRIDGE: at most 14 characters (a letter is added for the other engines)"
  cmd_install
  ours "$DIR/dockerd.pid" >/dev/null && die "an engine of an older testbed.sh runs from $DIR: run $0 down first"
  mkdir -p "$DIR"
  for e in "${ENGINES[@]}"; do mkdir -p "$DIR/$e"; make_bridge "$e"; done
  if command -v iptables >/dev/null && ! iptables -C "${FORWARD_RULE[@]}" 2>/dev/null; then
    iptables -I "${FORWARD_RULE[@]}" || log "could not add the FORWARD rule (continuing)"
  fi
  install_cli
  busybox_tar
  parallel up_engine "${ENGINES[@]}" || die "an engine did not come up (logs: $DIR/*.log)"
  start_registry
  parallel busybox_image "${ENGINES[@]}" || die "busybox:latest is not in every engine"
  write_env
  log "up in $((SECONDS - started))s (logs in $DIR)"
  cat "$DIR/env"
}

# down_engine ENGINE: remove its containers and networks (so their bridges go too), stop its
# dockerd and containerd, remove its bridge.
down_engine() {
  local e=$1
  if answers "$e"; then
    on "$e" docker ps -aq | xargs -r env DOCKER_HOST="$(host_of "$e")" "$MODERN/usr/bin/docker" rm -f >/dev/null 2>&1 || true
    on "$e" docker network prune -f >/dev/null 2>&1 || true
  fi
  stop "$e-dockerd"
  kill_orphans "$e"
  stop "$e-containerd"
  if [[ -e $DIR/$e/bridge.created ]] && ip link show "${BRIDGES[$e]}" >/dev/null 2>&1; then
    ip link delete "${BRIDGES[$e]}"
  fi
}

# unmount_under DIR: the mounts an engine may leave under its roots (overlays, shm, netns), deepest first.
unmount_under() {
  local mnt
  while read -r mnt; do
    umount "$mnt" 2>/dev/null || umount -l "$mnt" 2>/dev/null || log "could not unmount $mnt"
  done < <(awk -v d="$1" '$5 == d || index($5, d "/") == 1 {print $5}' /proc/self/mountinfo | sort -r)
}

cmd_down() {
  local link addr
  cmd_down_btrfs
  parallel down_engine "${ENGINES[@]}" || true
  stop registry
  stop dockerd # the one engine of an older testbed.sh, on $BRIDGE
  stop containerd
  if [[ -e $DIR/bridge.created ]]; then ip link delete "$BRIDGE" 2>/dev/null || true; fi
  # Bridges of the engines' networks left behind: br-* holding an address in the testbed's /16.
  while read -r link addr; do
    if [[ $link == br-* && $addr == "$NET".* ]]; then ip link delete "$link" 2>/dev/null || true; fi
  done < <(ip -o -4 addr show 2>/dev/null | awk '{print $2, $4}')
  if command -v iptables >/dev/null; then
    while iptables -C "${FORWARD_RULE[@]}" 2>/dev/null; do iptables -D "${FORWARD_RULE[@]}"; done
  fi
  unmount_under "$DIR"
  rm -rf "$DIR"
  log "down"
}

cmd_env() {
  local e
  [[ -s $DIR/env ]] || die "the testbed is not up (run: $0 up)"
  for e in "${ENGINES[@]}"; do answers "$e" || die "the $e engine does not answer (run: $0 up)"; done
  cat "$DIR/env"
}

cmd_status() {
  local rc=0 e
  for e in "${ENGINES[@]}" btrfs; do
    if answers "$e"; then
      echo "engine $e: up ($(host_of "$e"), server $(on "$e" docker version -f '{{.Server.Version}}'), storage $(on "$e" docker info -f '{{.Driver}}'))"
    elif [[ $e != btrfs ]]; then
      echo "engine $e: down"
      rc=1
    fi
  done
  if registry_answers; then echo "registry: up (http://$REGISTRY)"; else echo "registry: down"; rc=1; fi
  return "$rc"
}

SELFTEST=berth-selftest-$$
selftest_cleanup() {
  local e
  for e in "${ENGINES[@]}"; do
    on "$e" docker rm -f "$SELFTEST-a" >/dev/null 2>&1 || true
    on "$e" docker network rm "$SELFTEST" >/dev/null 2>&1 || true
    on "$e" docker rmi "$SELFTEST:build" >/dev/null 2>&1 || true
  done
  rm -rf "${DIR:?}/$SELFTEST"
}

# registry_delete REPO TAG: delete a manifest (an image or an index) from the registry by digest.
registry_delete() {
  local url=http://$REGISTRY/v2/$1/manifests digest
  digest=$(curl -fsSI -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    -H 'Accept: application/vnd.oci.image.index.v1+json' -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
    "$url/$2" | tr -d '\r' | awk -F': ' 'tolower($1) == "docker-content-digest" {print $2}')
  [[ $digest == sha256:* ]] || die "$1:$2 is not in the registry"
  curl -fsS -X DELETE "$url/$digest" >/dev/null
}

# selftest_engine ENGINE (with DOCKER_HOST at it).
selftest_engine() {
  local e=$1 repo=$SELFTEST/$1 done=() out
  [[ $(docker run --rm busybox:latest echo ok) == ok ]] || die "$e: docker run failed"
  docker network create "$SELFTEST" >/dev/null
  docker run -d --name "$SELFTEST-a" --network "$SELFTEST" busybox:latest sleep 60 >/dev/null
  docker run --rm --network "$SELFTEST" busybox:latest ping -c1 -W5 "$SELFTEST-a" >/dev/null ||
    die "$e: a container cannot reach another by name on a user-defined network"
  docker tag busybox:latest "$REGISTRY/$repo/busybox:1"
  docker push "$REGISTRY/$repo/busybox:1" >/dev/null
  docker rmi "$REGISTRY/$repo/busybox:1" >/dev/null
  docker pull "$REGISTRY/$repo/busybox:1" >/dev/null
  docker rmi "$REGISTRY/$repo/busybox:1" >/dev/null
  registry_delete "$repo/busybox" 1
  done=("run, network by name, registry push/pull/delete")
  if is_modern "$e"; then
    docker buildx build -q --cache-to type=inline -t "$SELFTEST:build" "$DIR/$SELFTEST" >/dev/null ||
      die "$e: docker buildx build --cache-to type=inline failed"
    [[ $(docker run --rm "$SELFTEST:build") == two ]] || die "$e: the built image does not run"
    done+=("buildx $(docker buildx version | awk '{print $2}') build with inline cache" "compose $(docker compose version --short)")
    if out=$(docker buildx build -q --cache-to "type=registry,ref=$REGISTRY/$repo/cache:1,mode=max" "$DIR/$SELFTEST" 2>&1); then
      registry_delete "$repo/cache" 1
      done+=("registry cache export (mode=max)")
    elif [[ ${STORES[$e]} == true ]]; then
      die "$e: the registry cache export failed on the containerd store: $out"
    else
      done+=("registry cache export refused: $(grep -m1 -i 'cache export' <<<"$out" || tail -n1 <<<"$out")")
    fi
  fi
  printf 'selftest %s (%s, %s): ok (%s)\n' "$e" "$(docker version -f '{{.Server.Version}}')" \
    "$(docker info -f '{{.Driver}}')" "$(printf '%s; ' "${done[@]}" | sed 's/; $//')"
}

cmd_selftest() {
  local e
  cmd_env >/dev/null
  trap selftest_cleanup EXIT
  mkdir -p "$DIR/$SELFTEST"
  printf '%s\n' 'FROM busybox:latest AS one' 'RUN echo two >/two' \
    'FROM busybox:latest' 'COPY --from=one /two /two' 'CMD ["cat", "/two"]' >"$DIR/$SELFTEST/Dockerfile"
  for e in "${ENGINES[@]}"; do on "$e" selftest_engine "$e"; done
}

# The btrfs engine: everything under $DIR/btrfs, pids and logs as $DIR/btrfs-*.
BTRFS=$DIR/btrfs

cmd_up_btrfs() {
  cmd_install
  mkdir -p "$BTRFS/mnt"
  if ! answers btrfs; then
    if ! mountpoint -q "$BTRFS/mnt"; then
      truncate -s 2G "$BTRFS/btrfs.img"
      mkfs.btrfs -q -f "$BTRFS/btrfs.img" >&2
      mount -o loop "$BTRFS/btrfs.img" "$BTRFS/mnt"
    fi
    make_bridge btrfs
    start_engine btrfs "$BTRFS/mnt/data" --storage-driver btrfs
  fi
  busybox_tar
  busybox_image btrfs
  echo "export DOCKER_HOST=$(host_of btrfs)"
}

cmd_down_btrfs() {
  local loop
  down_engine btrfs
  [[ -d $BTRFS ]] || return 0
  unmount_under "$BTRFS"
  if [[ -e $BTRFS/btrfs.img ]]; then
    while read -r loop; do losetup -d "$loop" 2>/dev/null || log "could not detach $loop"; done \
      < <(losetup -j "$BTRFS/btrfs.img" -O NAME -n 2>/dev/null)
  fi
  rm -rf "$BTRFS"
  log "btrfs engine down"
}

DEBIAN_IMAGE=berth-debian:bookworm
DEBIAN_PACKAGES=docker.io,iptables,ca-certificates,openssl,docker-registry

make_debian() {
  local version root mirror tarball started=$SECONDS
  version=$(sid_version)
  tarball=$DIR/debian-bookworm-docker-$version.tar
  [[ $(docker image inspect -f '{{index .Config.Labels "berth.testbed.docker"}}' "$DEBIAN_IMAGE" 2>/dev/null) == "$version" ]] && return 0
  local import=(docker import -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
    -c "LABEL berth.testbed.docker=$version" -c 'CMD ["bash"]')
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
    overlay_modern "$root"
    # One pass makes both the image and the tarball kept for when the image is gone.
    tar -C "$root" -c . | tee "$tarball.part" | "${import[@]}" - "$DEBIAN_IMAGE" >/dev/null
    mv "$tarball.part" "$tarball"
    rm -rf "$root"
  fi
  log "$DEBIAN_IMAGE (docker $version) ready in $((SECONDS - started))s"
}

# image debian: one maker at a time (test files ask for it in parallel).
cmd_image() {
  [[ ${1:-} == debian ]] || die "usage: $0 image debian"
  cmd_env >/dev/null
  export DOCKER_HOST=${CALLER_DOCKER_HOST:-$DOCKER_HOST}
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
