package pgtest

import (
	"io"
	"net"
	"net/url"
	"strconv"
	"sync"
	"testing"
)

// A Proxy stands between Convene and the server on a loopback port of
// its own, as the network between a coordinator and the server does:
// Cut drops every connection through it and refuses new ones, as a lost
// network or a stopped server would, and Mend lets them through again,
// on the same port. It is closed when the test ends.
type Proxy struct {
	d      *Database
	port   int
	mu     sync.Mutex
	ln     net.Listener // nil while cut
	conns  map[net.Conn]bool
	served sync.WaitGroup
}

// Proxy starts a proxy to the database's server.
func (d *Database) Proxy(tb testing.TB) *Proxy {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("start a proxy to the test server: %v", err)
	}
	p := &Proxy{d: d, port: ln.Addr().(*net.TCPAddr).Port, conns: map[net.Conn]bool{}}
	p.serve(ln)
	tb.Cleanup(func() {
		p.Cut()
		p.served.Wait()
	})
	return p
}

// URL is the address of the database as role r through the proxy.
func (p *Proxy) URL(r Role) string {
	u, _ := url.Parse(p.d.URL(r))
	u.Host = net.JoinHostPort("127.0.0.1", strconv.Itoa(p.port))
	return u.String()
}

// Cut closes every connection through the proxy and refuses new ones.
func (p *Proxy) Cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		c.Close()
	}
	clear(p.conns)
}

// Mend lets connections through the proxy again, failing the test if
// its port was taken meanwhile.
func (p *Proxy) Mend(tb testing.TB) {
	tb.Helper()
	ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(p.port)))
	if err != nil {
		tb.Fatalf("open the proxy again: %v", err)
	}
	p.serve(ln)
}

func (p *Proxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	p.served.Add(1)
	go func() {
		defer p.served.Done()
		for {
			client, err := ln.Accept()
			if err != nil {
				return
			}
			server, err := net.Dial("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(p.d.server.Port)))
			if err != nil {
				client.Close()
				continue
			}
			if !p.track(ln, client, server) {
				return
			}
			p.served.Add(2)
			go p.pipe(client, server)
			go p.pipe(server, client)
		}
	}()
}

// track notes a connection's two ends, unless the proxy was cut (or cut
// and mended) since it was accepted.
func (p *Proxy) track(ln net.Listener, client, server net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != ln {
		client.Close()
		server.Close()
		return false
	}
	p.conns[client], p.conns[server] = true, true
	return true
}

func (p *Proxy) pipe(to, from net.Conn) {
	defer p.served.Done()
	io.Copy(to, from)
	to.Close()
	from.Close()
}
