package main

import (
	"net"
	"strings"
	"testing"
)

// A mail server that cannot be reached is what invite was pointed at, as a
// calendar server is for publish: exit 2, saying which, and nothing is
// kept as sent.
func TestInviteThroughAMailServerThatIsNotThereIsExit2(t *testing.T) {
	plan := demoPlan(t)
	// A port just given up by a listener: nothing answers there.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	r := convene(t, []string{"CONVENE_SMTP=smtp://" + addr}, "invite", "--forum", "IGF 2021", "--from", coordinator, "--db", plan)
	if r.code != 2 || !strings.Contains(r.stderr, "connect to the mail server "+addr) {
		t.Errorf("invite through %s: exit %d\n%s\nwant exit 2 naming the server", addr, r.code, r.stderr)
	}
	dir := t.TempDir()
	again := convene(t, nil, "invite", "--forum", "IGF 2021", "--from", coordinator, "--dry-run", dir, "--db", plan)
	if !strings.Contains(again.stdout, "wrote 22 messages to "+dir) {
		t.Errorf("after the failed run, a dry run shows:\n%s\nwant all 22 messages still owed", again.stdout)
	}
}
