package cli

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"

	"github.com/rapport-app/rapport/data/demo/demotest"
)

// childArgs is the environment variable that makes this test binary the rapport
// command: it holds the arguments, separated by childSep.
const (
	childArgs = "RAPPORT_CLI_ARGS"
	childSep  = "\x1f"
)

// TestMain runs the command line instead of the tests when the binary was started
// by rapportCmd, so that tests can run commands in processes of their own (two at
// once on one file, or one to kill) without building the program.
func TestMain(m *testing.M) {
	// The tests never touch the keyring of the computer they run on (the store
	// asks it for a shared shop's password): go-keyring's mock stands in for it.
	keyring.MockInit()
	if args, ok := os.LookupEnv(childArgs); ok {
		os.Exit(Main(strings.Split(args, childSep), os.Stdout, os.Stderr, nil))
	}
	code := m.Run()
	demotest.Cleanup() // the benchmark shops made for this run
	os.Exit(code)
}

// rapportCmd is `rapport ARGS...` in a process of its own (this test binary).
func rapportCmd(args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), childArgs+"="+strings.Join(args, childSep))
	return cmd
}
