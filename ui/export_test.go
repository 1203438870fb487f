package ui

import "reflect"

// AsA returns o as a T: o itself, or the T it embeds first. The tests of
// both test packages find a form's fields with it, since they are entries
// with more to them (formEntry embeds widget.Entry).
func AsA[T any](o any) (T, bool) {
	if x, ok := o.(T); ok {
		return x, true
	}
	v := reflect.ValueOf(o)
	if v.Kind() == reflect.Pointer && v.Elem().Kind() == reflect.Struct && v.Elem().NumField() > 0 &&
		v.Elem().Type().Field(0).Anonymous && v.Elem().Type().Field(0).IsExported() && v.Elem().Field(0).CanAddr() {
		if x, ok := v.Elem().Field(0).Addr().Interface().(T); ok {
			return x, true
		}
	}
	var none T
	return none, false
}
