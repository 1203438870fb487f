// Package caldav publishes a plan's sessions to a CalDAV calendar
// collection (RFC 4791) and keeps it in step: each session is one resource
// named from its UID; a publish compares what the plan last sent with what
// the server holds (the changes since the last publish from a
// sync-collection report, RFC 6578, else ETags from one depth-1 PROPFIND)
// and sends only what changed, PUT with If-Match or If-None-Match and
// DELETE with If-Match, so a change someone made on the server is reported
// rather than overwritten, and an event this plan did not publish is never
// touched.
//
// It speaks the few requests it needs over net/http itself: a WebDAV
// library would bring a client for every method and property of WebDAV
// and CalDAV while publishing uses six requests and four properties.
package caldav
