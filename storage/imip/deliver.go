package imip

import (
	"context"
	"errors"
	"fmt"

	"github.com/convene-planner/convene/storage"
)

// Sender sends one message to one recipient; a Conn is one.
type Sender interface {
	Send(from, to string, msg []byte) error
}

// Delivery is what Deliver did.
type Delivery struct {
	Sent    map[Kind]int
	Refused []Refusal
	// Withdrawn are messages sent whose session or recipient was deleted,
	// or whose recipient's email changed, while they were on their way:
	// they are counted in Sent, and kept for the next run to cancel (see
	// storage.Tx.RecordSent).
	Withdrawn []*Outgoing
}

// WithdrawnWhileSent says what became of a message in Withdrawn: sent,
// but its session or recipient was gone from the plan by the time it was
// recorded.
func (o *Outgoing) WithdrawnWhileSent() string {
	then := "the next run cancels it"
	if o.Kind == Cancel {
		then = "nothing more is owed"
	}
	name := o.Invitation.Attendee.Name
	return fmt.Sprintf("While the %s to %s on “%s” was sent, the session or %s was deleted from the plan (or their email changed): it is kept as sent, and %s",
		o.Kind, name, o.Invitation.Session.Title, name, then)
}

// Total is how many messages went.
func (d *Delivery) Total() int {
	n := 0
	for _, v := range d.Sent {
		n += v
	}
	return n
}

// Refusal is a message the server would not take.
type Refusal struct {
	Message *Outgoing
	Err     error
}

// Deliver composes and sends the messages one by one, keeping each in the
// plan as sent as soon as the server has taken it, so a run cut short
// sends the rest next time and nothing twice; one whose session or
// recipient went meanwhile too (Delivery.Withdrawn). A message the server
// refuses is set aside in the Delivery and the next one goes; any other
// failure, or ctx ending, stops the run and is returned with what was
// sent so far. each, when not nil, is told of every message as it is done
// (err is its refusal), for a progress bar or a line of output.
func Deliver(ctx context.Context, store *storage.Store, conn Sender, out []Outgoing, from string,
	each func(done int, o *Outgoing, err error)) (Delivery, error) {
	d := Delivery{Sent: map[Kind]int{}}
	for i := range out {
		if err := ctx.Err(); err != nil {
			return d, fmt.Errorf("stopped after %d of %d messages: %w", i, len(out), err)
		}
		o := &out[i]
		msg, err := Compose(o)
		if err != nil {
			return d, err
		}
		err = conn.Send(from, o.Invitation.Attendee.Email, msg)
		var refused *RefusedError
		if errors.As(err, &refused) {
			d.Refused = append(d.Refused, Refusal{o, refused.Err})
		} else if err != nil {
			return d, err
		} else {
			rec, shown := o.Record(), o.Shown()
			var withdrawn bool
			if err := store.Update(ctx, func(tx *storage.Tx) (err error) {
				withdrawn, err = tx.RecordSent(ctx, rec, shown)
				return err
			}); err != nil {
				return d, err
			}
			d.Sent[o.Kind]++
			if withdrawn {
				d.Withdrawn = append(d.Withdrawn, o)
			}
		}
		if each != nil {
			each(i+1, o, err)
		}
	}
	return d, nil
}
