// Command runc-capfit is an OCI runtime that hands every call to the real runc after removing, from
// the container's capability sets, the capabilities this machine's bounding set does not hold.
//
// Why: a privileged container (kind's node, and kube-proxy inside it) asks for every capability.
// On a host whose own bounding set lacks one (a sandbox VM without CAP_SYS_RESOURCE, say), runc
// fails with "unable to apply caps: operation not permitted", and --cap-drop is ignored with
// --privileged. runc reads the capabilities from the bundle's config.json on `create`/`run`
// (runtime-spec config.md, process.capabilities) and from the --process file on `exec`
// (runc exec.go, `--process` "path to the process.json"), so those are the two places to edit.
//
// Test-machine plumbing only: devnet never installs this on a user's machine.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// realRunc is set at build time (-ldflags "-X main.realRunc=/usr/sbin/runc").
var realRunc = "/usr/sbin/runc"

// Capability numbers, from linux/include/uapi/linux/capability.h.
var capabilityNames = []string{
	"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
	"CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
	"CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER",
	"CAP_SYS_MODULE", "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT",
	"CAP_SYS_ADMIN", "CAP_SYS_BOOT", "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME",
	"CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE", "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL",
	"CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG", "CAP_WAKE_ALARM",
	"CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
}

func main() {
	args := os.Args[1:]
	if missing := missingCapabilities(); len(missing) > 0 {
		if err := fitArgs(args, missing); err != nil {
			fmt.Fprintf(os.Stderr, "runc-capfit: %v\n", err)
			os.Exit(1)
		}
	}
	argv := append([]string{realRunc}, args...)
	if err := syscall.Exec(realRunc, argv, os.Environ()); err != nil {
		fmt.Fprintf(os.Stderr, "runc-capfit: exec %s: %v\n", realRunc, err)
		os.Exit(127)
	}
}

// missingCapabilities names the capabilities absent from this process's bounding set.
func missingCapabilities() map[string]bool {
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return nil
	}
	for _, line := range strings.Split(string(status), "\n") {
		hex, ok := strings.CutPrefix(line, "CapBnd:")
		if !ok {
			continue
		}
		bounding, err := strconv.ParseUint(strings.TrimSpace(hex), 16, 64)
		if err != nil {
			return nil
		}
		missing := map[string]bool{}
		for bit, name := range capabilityNames {
			if bounding&(1<<uint(bit)) == 0 {
				missing[name] = true
			}
		}
		return missing
	}
	return nil
}

// fitArgs edits the spec a runc command line points at, if it points at one.
func fitArgs(args []string, missing map[string]bool) error {
	command, rest := subcommand(args)
	switch command {
	case "create", "run":
		bundle := flagValue(rest, "bundle", "b")
		if bundle == "" {
			bundle = "."
		}
		return fitFile(filepath.Join(bundle, "config.json"), missing, true)
	case "exec":
		if process := flagValue(rest, "process", "p"); process != "" {
			return fitFile(process, missing, false)
		}
	}
	return nil
}

// Global flags of runc that take a value (runc main.go); every other global flag is a switch.
var globalWithValue = map[string]bool{"--root": true, "--log": true, "--log-format": true, "--criu": true, "--rootless": true}

func subcommand(args []string) (string, []string) {
	for i := 0; i < len(args); i++ {
		arg := args[i]
		if !strings.HasPrefix(arg, "-") {
			return arg, args[i+1:]
		}
		if globalWithValue[arg] {
			i++
		}
	}
	return "", nil
}

func flagValue(args []string, long, short string) string {
	for i, arg := range args {
		for _, name := range []string{"--" + long, "-" + long, "-" + short} {
			if arg == name && i+1 < len(args) {
				return args[i+1]
			}
			if value, ok := strings.CutPrefix(arg, name+"="); ok {
				return value
			}
		}
	}
	return ""
}

// fitFile removes the missing capabilities from every set of the spec's process (config.json) or
// of a process file, keeping numbers exact (UseNumber) and the file's mode.
func fitFile(path string, missing map[string]bool, isConfig bool) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	decoder := json.NewDecoder(bytes.NewReader(data))
	decoder.UseNumber()
	var doc map[string]any
	if err := decoder.Decode(&doc); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	process := doc
	if isConfig {
		p, ok := doc["process"].(map[string]any)
		if !ok {
			return nil
		}
		process = p
	}
	capabilities, ok := process["capabilities"].(map[string]any)
	if !ok || !removeMissing(capabilities, missing) {
		return nil
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return err
	}
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	return os.WriteFile(path, out, info.Mode().Perm())
}

func removeMissing(capabilities map[string]any, missing map[string]bool) bool {
	changed := false
	for set, value := range capabilities {
		list, ok := value.([]any)
		if !ok {
			continue
		}
		kept := make([]any, 0, len(list))
		for _, c := range list {
			if name, ok := c.(string); ok && missing[name] {
				changed = true
				continue
			}
			kept = append(kept, c)
		}
		capabilities[set] = kept
	}
	return changed
}
