package model

import (
	"strings"

	"golang.org/x/text/unicode/norm"
)

// EmailKey is the one rule for when two emails are one person's, used by
// every import, lookup and forget: the same letters after Unicode
// normalisation (NFC, so "ë" typed as one character or as "e" and a
// combining diaeresis is one letter), in any case, with white space at the
// ends ignored. Two emails are one person's when their keys are equal.
func EmailKey(email string) string { return strings.ToLower(norm.NFC.String(CleanLine(email))) }

// NameKey is the rule for when a name a user types is a person's name: as
// EmailKey, and with any run of white space (a line break too) as one space.
func NameKey(name string) string { return strings.ToLower(norm.NFC.String(CleanLine(name))) }
