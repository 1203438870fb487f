package pgtest

import (
	"io"
	"net"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"
)

// A Proxy stands between Convene and the server on a loopback port of
// its own, as the network between a coordinator and the server does:
// Cut drops every connection through it and refuses new ones, as a lost
// network or a stopped server would, and Mend lets them through again,
// on the same port. Delay makes it as slow as a network to another
// continent. It is closed when the test ends.
type Proxy struct {
	d      *Database
	port   int
	mu     sync.Mutex
	ln     net.Listener // nil while cut
	conns  map[net.Conn]bool
	oneWay time.Duration
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

// Delay makes every byte through the connections made from now on
// arrive half of rtt later each way, as over a network whose round trip
// takes rtt (some 100 ms between Europe and North America, 300 ms to
// the far side of the world), however fast the bytes come.
func (p *Proxy) Delay(rtt time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.oneWay = rtt / 2
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
			delay, ok := p.track(ln, client, server)
			if !ok {
				return
			}
			p.served.Add(2)
			go p.pipe(client, server, delay)
			go p.pipe(server, client, delay)
		}
	}()
}

// track notes a connection's two ends, unless the proxy was cut (or cut
// and mended) since it was accepted, and says how late its bytes
// arrive.
func (p *Proxy) track(ln net.Listener, client, server net.Conn) (time.Duration, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != ln {
		client.Close()
		server.Close()
		return 0, false
	}
	p.conns[client], p.conns[server] = true, true
	return p.oneWay, true
}

func (p *Proxy) pipe(to, from net.Conn, delay time.Duration) {
	defer p.served.Done()
	if delay == 0 {
		io.Copy(to, from)
	} else {
		late(to, from, delay)
	}
	to.Close()
	from.Close()
}

// late copies what from sends to to, each piece delay after it came, in
// order, until either end fails.
func late(to, from net.Conn, delay time.Duration) {
	type piece struct {
		due  time.Time
		data []byte
	}
	pieces := make(chan piece, 256)
	go func() {
		defer close(pieces)
		for {
			buf := make([]byte, 32<<10)
			n, err := from.Read(buf)
			if n > 0 {
				pieces <- piece{time.Now().Add(delay), buf[:n]}
			}
			if err != nil {
				return
			}
		}
	}()
	for pc := range pieces {
		time.Sleep(time.Until(pc.due))
		if _, err := to.Write(pc.data); err != nil {
			// The reader above ends once from is closed.
			from.Close()
			for range pieces {
			}
			return
		}
	}
}
