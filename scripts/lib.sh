# Shared helpers for the scripts in this folder.

# Runs apt-get install for the given Debian packages, as root or through sudo.
apt_install() {
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "==> installing $* from Debian's packages"
  $sudo apt-get -o DPkg::Lock::Timeout=900 update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=900 install -y --no-install-recommends "$@"
}

# The newest PostgreSQL server binaries folder, empty when none is installed.
postgres_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

# A free TCP port on 127.0.0.1.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# Whether every file of the associative array named $2 (file name → SHA-256) is in folder $1
# with that hash: the fixtures taken from PyPI archives are checked this way.
files_match() {
  local folder=$1
  local -n hashes=$2
  local name
  for name in "${!hashes[@]}"; do
    [ -f "$folder/$name" ] && echo "${hashes[$name]}  $folder/$name" | sha256sum --check --status || return 1
  done
}
