package leakwatch

import (
	"errors"
	"testing"
)

func TestVocabularies(t *testing.T) {
	for _, c := range Causes() {
		got, err := ParseCause(" " + string(c) + " ")
		if err != nil || got != c || c.Label() == string(c) {
			t.Errorf("cause %q: parse %q %v, label %q", c, got, err, c.Label())
		}
	}
	for _, a := range Actors() {
		if got, err := ParseActor(string(a)); err != nil || got != a {
			t.Errorf("actor %q: %q %v", a, got, err)
		}
	}
	for _, d := range DataTypes() {
		if got, err := ParseDataType(string(d)); err != nil || got != d || d.Label() == string(d) {
			t.Errorf("data type %q: %q %v", d, got, err)
		}
	}
	for _, bad := range []string{"", "hacking", "unauthorized access"} {
		if _, err := ParseCause(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseCause(%q) = %v, want ErrInvalid", bad, err)
		}
		if _, err := ParseActor(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseActor(%q) = %v, want ErrInvalid", bad, err)
		}
		if _, err := ParseDataType(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseDataType(%q) = %v, want ErrInvalid", bad, err)
		}
	}
}

func TestQualifierWriting(t *testing.T) {
	tests := []struct {
		q              Qualifier
		prefix, suffix string
	}{
		{QualExact, "", ""}, {QualApprox, "約", ""}, {QualUpperBound, "最大", ""}, {QualLowerBound, "", "以上"}, {"", "", ""},
	}
	for _, tt := range tests {
		if tt.q.Prefix() != tt.prefix || tt.q.Suffix() != tt.suffix {
			t.Errorf("%q: %q %q, want %q %q", tt.q, tt.q.Prefix(), tt.q.Suffix(), tt.prefix, tt.suffix)
		}
	}
}

func TestPrimaryCause(t *testing.T) {
	if got := (Incident{}).PrimaryCause(); got != CauseOther {
		t.Errorf("no causes: %q", got)
	}
	if got := (Incident{Causes: []Cause{CauseRansomware, CauseUnauthorizedAccess}}).PrimaryCause(); got != CauseRansomware {
		t.Errorf("primary = %q", got)
	}
}
