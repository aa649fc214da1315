#!/usr/bin/env bash
# Validates opticl's deployment files offline (no Docker engine, no Kubernetes cluster):
#   1. every compose file under deploy/compose with `docker-compose config` (Debian's
#      docker-compose: parses, interpolates and checks the file against the compose schema);
#   2. the Kubernetes manifests: `kubectl kustomize` renders deploy/k8s and deploy/k8s/base
#      (YAML, kustomizations, references), then check_deploy.py walks every object against the
#      Kubernetes API models of Debian's python3-kubernetes (unknown fields, types, required
#      fields) -- kubectl itself cannot validate without an API server, even with
#      --dry-run=client;
#   3. check_deploy.py's opticl checks on both: roles and task queues, search attributes, worker
#      environment, services and bucket it points at, GPU requests, images, libtorch settings.
# Installs docker-compose / kubectl (kubernetes-client) / python3-yaml / python3-kubernetes with
# apt-get when missing and running as root; a tool that still is not there is skipped with a
# message, or fails the run with --strict.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
strict=0
[ "${1:-}" = "--strict" ] && strict=1
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
skipped=0

have() { command -v "$1" >/dev/null 2>&1; }
apt_updated=0
apt_install() {
  [ "$(id -u)" = 0 ] && have apt-get || return 1
  if [ "$apt_updated" = 0 ]; then apt-get update -qq >/dev/null 2>&1 || true; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1
}
skip() {
  echo "SKIP  $*"
  skipped=$((skipped + 1))
  if [ "$strict" = 1 ]; then exit 1; fi
}

# Debian's python3 sees the apt-installed modules (a pyenv or venv python3 may not).
py=/usr/bin/python3
[ -x "$py" ] || py="$(command -v python3)"
"$py" -c 'import yaml' 2>/dev/null || apt_install python3-yaml || true
"$py" -c 'import kubernetes' 2>/dev/null || apt_install python3-kubernetes || true
if ! "$py" -c 'import yaml' 2>/dev/null; then
  echo "FAIL  python3 with PyYAML is required (apt-get install python3-yaml)"
  exit 1
fi

args=(--root "$root")

# 1. compose
have docker-compose || apt_install docker-compose || true
if have docker-compose; then
  echo "docker-compose $(docker-compose version --short 2>/dev/null)"
  n=0
  for f in "$root"/deploy/compose/*.yml "$root"/deploy/compose/*.yaml; do
    [ -e "$f" ] || continue
    n=$((n + 1))
    out="$work/compose-$n.yaml"
    # A clean environment, so the file's own defaults are what gets checked.
    if env -i PATH="$PATH" HOME="$HOME" docker-compose -f "$f" config >"$out" 2>"$work/err"; then
      echo "  ok    docker-compose config ${f#"$root"/}"
      args+=(--compose "${f#"$root"/}=$out")
    else
      echo "  FAIL  docker-compose config ${f#"$root"/}: $(cat "$work/err")"
      exit 1
    fi
  done
else
  skip "compose validation: docker-compose is not installed (apt-get install docker-compose)"
fi

# 2. Kubernetes rendering
have kubectl || apt_install kubernetes-client || true
if have kubectl; then
  for dir in k8s k8s/base; do
    label="${dir//\//-}"
    if KUBECONFIG=/dev/null kubectl kustomize "$root/deploy/$dir" >"$work/$label.yaml" 2>"$work/err"; then
      echo "  ok    kubectl kustomize deploy/$dir"
      args+=(--k8s "deploy/$dir=$work/$label.yaml")
    else
      echo "  FAIL  kubectl kustomize deploy/$dir: $(cat "$work/err")"
      exit 1
    fi
  done
else
  skip "Kubernetes rendering: kubectl is not installed (apt-get install kubernetes-client)"
fi
"$py" -c 'import kubernetes' 2>/dev/null \
  || skip "Kubernetes schema walk: python3-kubernetes is not installed (its checks fail below)"

# 3. schema and opticl checks
"$py" "$here/check_deploy.py" "${args[@]}"
[ "$skipped" = 0 ] || echo "validate.sh: $skipped part(s) skipped, see SKIP above"
