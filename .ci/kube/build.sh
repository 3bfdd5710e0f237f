#!/usr/bin/env bash
# Builds kube-apiserver, kube-controller-manager, kubectl (the same version, for the tests) and etcd from the Go modules beside this script
# into a cache outside the work tree, and prints that folder. Does nothing when they are there.
#   TRIBUTARY_KUBE_CACHE  cache root (default ~/.cache/tributary/kube)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

# a shell started without the login profile may lack Go's usual install folder on its PATH
if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
  export PATH="/usr/local/go/bin:$PATH"
fi
if ! command -v go >/dev/null 2>&1; then
  echo "tributary: the cluster test tier builds its Kubernetes control plane from Go modules: install Go 1.26 or newer (https://go.dev/doc/install) and put 'go' on the PATH" >&2
  exit 3
fi

version_of() { # module path, go.mod
  awk -v m="$1" '$1 == m { print $2; exit } $1 == "require" && $2 == m { print $3; exit }' "$2"
}
k8s_version="$(version_of k8s.io/kubernetes "$here/kubernetes/go.mod")"
etcd_version="$(version_of go.etcd.io/etcd/server/v3 "$here/etcd/go.mod")"
# the go.sum files pin everything else; a change to them is a new cache folder
sums="$(cat "$here/kubernetes/go.sum" "$here/etcd/go.sum" | sha256sum | cut -c1-12)"
out="${TRIBUTARY_KUBE_CACHE:-$HOME/.cache/tributary/kube}/k8s-$k8s_version-etcd-$etcd_version-$sums"

built() { [ -x "$out/kube-apiserver" ] && [ -x "$out/kube-controller-manager" ] && [ -x "$out/kubectl" ] && [ -x "$out/etcd" ]; }
if built; then
  echo "$out"
  exit 0
fi
# one build at a time per cache folder: a second caller (.ci/run starts one ahead of Maven, which
# runs this again before the cluster tests) waits for the first and then finds the binaries
mkdir -p "$(dirname "$out")"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$out.lock"
  flock 9
  if built; then
    echo "$out"
    exit 0
  fi
fi

echo "tributary: building the control plane (Kubernetes $k8s_version, etcd $etcd_version) into $out; a cold build takes about 6 minutes on 2 cores" >&2
tmp="$out.partial.$$"
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
minor="${k8s_version#v1.}"; minor="${minor%%.*}"
ver=k8s.io/component-base/version
ldflags="-s -w -X $ver.gitVersion=$k8s_version -X $ver.gitMajor=1 -X $ver.gitMinor=$minor -X $ver.gitTreeState=clean"
export CGO_ENABLED=0 GOFLAGS=-mod=readonly
(cd "$here/etcd" && go build -trimpath -ldflags "-s -w" -o "$tmp/etcd" go.etcd.io/etcd/server/v3) >&2
(cd "$here/kubernetes" && go build -trimpath -ldflags "$ldflags" -o "$tmp/" \
  k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kubectl) >&2
rm -rf "$out"
mv "$tmp" "$out"
trap - EXIT
echo "$out"
