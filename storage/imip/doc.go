// Package imip makes the emails that invite a session's participants
// through their own calendar (iMIP, RFC 6047, carrying iTIP, RFC 5546),
// decides from what a plan has already sent which of them a run must send,
// sends them over SMTP, and applies the answers calendar clients send back.
package imip
