package model

// Coalition is a Dynamic Coalition or a similar group that organises sessions.
// Files and sessions name it by its short name.
type Coalition struct {
	ID        int64
	Name      string
	ShortName string // "DC-IoT", unique in a plan regardless of case
	Own       bool   // the plan's own coalition; exactly one per plan
}

// Clean trims and collapses the coalition's fields.
func (c *Coalition) Clean() {
	c.Name = CleanLine(c.Name)
	c.ShortName = CleanLine(c.ShortName)
}

// Validate returns every problem with the coalition, each naming its field.
func (c *Coalition) Validate() error {
	var p Problems
	requireLine(&p, "name", c.Name)
	requireLine(&p, "short_name", c.ShortName)
	return p.Err()
}
