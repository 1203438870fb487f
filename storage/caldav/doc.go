// Package caldav publishes a plan's sessions to a CalDAV calendar
// collection (RFC 4791) and keeps it in step: each session is one resource
// named from its UID; a publish compares what the plan last sent with what
// the server holds (ETags from one depth-1 PROPFIND) and sends only what
// changed, PUT with If-Match or If-None-Match and DELETE with If-Match, so
// a change someone made on the server is reported rather than overwritten.
//
// It speaks the few requests it needs over net/http itself: a WebDAV
// library would bring a client for every method and property of WebDAV
// and CalDAV while publishing uses four requests and one property.
package caldav
