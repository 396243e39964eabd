package cli

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
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
	// childPeak names a file in which the command writes the most memory it held
	// resident, in bytes.
	childPeak = "RAPPORT_CLI_PEAK_FILE"
)

// TestMain runs the command line instead of the tests when the binary was started
// by rapportCmd, so that tests can run commands in processes of their own (two at
// once on one file, or one to kill) without building the program.
func TestMain(m *testing.M) {
	// The tests never touch the keyring of the computer they run on (the store
	// asks it for a shared shop's password): go-keyring's mock stands in for it.
	keyring.MockInit()
	if args, ok := os.LookupEnv(childArgs); ok {
		code := Main(strings.Split(args, childSep), os.Stdout, os.Stderr, nil)
		if path := os.Getenv(childPeak); path != "" {
			// For runProcess, which cannot learn it from outside (peakRSS says why).
			peak, err := peakRSS()
			if err == nil {
				err = os.WriteFile(path, []byte(strconv.FormatInt(peak, 10)), 0o600)
			}
			if err != nil {
				fmt.Fprintln(os.Stderr, "the command's memory:", err)
				code = 1
			}
		}
		os.Exit(code)
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
