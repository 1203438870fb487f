package storage

import (
	"reflect"
	"time"

	"github.com/convene-planner/convene/model"
)

// unsigned is v with who changed each record, and when, left out of
// every revision in it (in place: v's own slices and pointers change
// too): what a plan file and a team plan are compared without, since the
// computer's user signs one and the PostgreSQL role the other.
func unsigned(v any) any {
	if v == nil {
		return nil
	}
	c := reflect.New(reflect.TypeOf(v)).Elem()
	c.Set(reflect.ValueOf(v))
	unsign(c)
	return c.Interface()
}

var revisionType = reflect.TypeFor[model.Revision]()

func unsign(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			unsign(v.Elem())
		}
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			unsign(v.Index(i))
		}
	case reflect.Struct:
		if v.Type() == revisionType {
			r := v.Addr().Interface().(*model.Revision)
			r.ChangedBy, r.ChangedAt = "", time.Time{}
			return
		}
		for i := range v.NumField() {
			if v.Field(i).CanSet() {
				unsign(v.Field(i))
			}
		}
	}
}
