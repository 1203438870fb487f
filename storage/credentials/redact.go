package credentials

import (
	"net/url"
	"strings"
)

// Redact blanks whatever could be a password in a server's address, one
// that does not even parse included, so that a message can quote the
// address: "smtp://user:xxxxx@host", "smtp://…@host:bad".
func Redact(address string) string {
	if u, err := url.Parse(address); err == nil && u.Opaque == "" {
		return u.Redacted()
	}
	i := strings.LastIndex(address, "@")
	if i < 0 {
		return address
	}
	if j := strings.Index(address, "://"); j >= 0 && j < i {
		return address[:j+3] + "…" + address[i:]
	}
	return "…" + address[i:]
}
