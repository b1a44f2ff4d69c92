package digest

import (
	"errors"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch"
)

func TestParseWeek(t *testing.T) {
	tests := []struct {
		in       string
		from, to string // "" when the input is an error
		week     string
	}{
		{"2026-W47", "2026-11-16", "2026-11-22", "2026-W47"},
		{" 2026-W47 ", "2026-11-16", "2026-11-22", "2026-W47"},
		{"2026W47", "2026-11-16", "2026-11-22", "2026-W47"},
		{"2026-w47", "2026-11-16", "2026-11-22", "2026-W47"},
		{"2026-W1", "2025-12-29", "2026-01-04", "2026-W01"}, // week 1 starts in the old year
		{"2026-W01", "2025-12-29", "2026-01-04", "2026-W01"},
		// 2026 starts on a Thursday, so it has 53 ISO weeks; the 53rd ends in 2027.
		{"2026-W53", "2026-12-28", "2027-01-03", "2026-W53"},
		{"2027-W01", "2027-01-04", "2027-01-10", "2027-W01"},
		{"2020-W53", "2020-12-28", "2021-01-03", "2020-W53"},
		{"2024-W01", "2024-01-01", "2024-01-07", "2024-W01"},
		{"2025-W53", "", "", ""}, // 2025 starts on a Wednesday and is not a leap year: 52 weeks
		{"2027-W53", "", "", ""},
		{"2026-W00", "", "", ""},
		{"2026-W54", "", "", ""},
		{"2026-47", "", "", ""},
		{"2026-W470", "", "", ""},
		{"W47", "", "", ""},
		{"", "", "", ""},
		{"latest", "", "", ""},
		{"２０２６-W47", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p, err := ParseWeek(tt.in)
			if tt.from == "" {
				if err == nil {
					t.Fatalf("ParseWeek(%q) = %v, want an error", tt.in, p)
				}
				if !errors.Is(err, leakwatch.ErrInvalid) {
					t.Errorf("error %v does not wrap ErrInvalid", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := day(p.From); got != tt.from {
				t.Errorf("from = %s, want %s", got, tt.from)
			}
			if got := day(p.To); got != tt.to {
				t.Errorf("to = %s, want %s", got, tt.to)
			}
			if p.Week != tt.week || p.Name() != tt.week {
				t.Errorf("week = %q (name %q), want %q", p.Week, p.Name(), tt.week)
			}
			if p.Days() != 7 || p.From.Weekday() != time.Monday || p.From.Location() != leakwatch.JST {
				t.Errorf("period %v is not a Monday-to-Sunday week in JST", p)
			}
		})
	}
}

func TestWeekOf(t *testing.T) {
	tests := []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 11, 22, 23, 59, 0, 0, leakwatch.JST), "2026-W47"},
		// 15:00 UTC on Sunday is already Monday in Japan.
		{time.Date(2026, 11, 22, 15, 0, 0, 0, time.UTC), "2026-W48"},
		{time.Date(2026, 11, 22, 14, 59, 0, 0, time.UTC), "2026-W47"},
		{time.Date(2027, 1, 1, 12, 0, 0, 0, leakwatch.JST), "2026-W53"},
		{time.Date(2027, 1, 4, 0, 0, 0, 0, leakwatch.JST), "2027-W01"},
		{time.Date(2021, 1, 3, 12, 0, 0, 0, leakwatch.JST), "2020-W53"},
		{time.Date(2025, 12, 31, 12, 0, 0, 0, leakwatch.JST), "2026-W01"},
	}
	for _, tt := range tests {
		if got := WeekOf(tt.at).Week; got != tt.want {
			t.Errorf("WeekOf(%v) = %s, want %s", tt.at, got, tt.want)
		}
	}
}

func TestPreviousWeek(t *testing.T) {
	tests := []struct {
		now, want string
	}{
		{"2026-11-23 00:00", "2026-W47"}, // Monday morning: last week is done
		{"2026-11-29 23:59", "2026-W47"}, // all of W48 still reports W47
		{"2026-11-22 23:59", "2026-W46"}, // Sunday night: W47 is not over
		{"2027-01-04 09:00", "2026-W53"},
		{"2027-01-11 09:00", "2027-W01"},
		{"2026-01-05 09:00", "2026-W01"},
	}
	for _, tt := range tests {
		if got := PreviousWeek(clockAt(tt.now)()).Week; got != tt.want {
			t.Errorf("PreviousWeek(%s) = %s, want %s", tt.now, got, tt.want)
		}
	}
}

func TestShiftAcrossYears(t *testing.T) {
	p, err := ParseWeek("2027-W02")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for k := 0; k >= -4; k-- {
		got = append(got, p.Shift(k).Week)
	}
	want := []string{"2027-W02", "2027-W01", "2026-W53", "2026-W52", "2026-W51"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("shifts = %v, want %v", got, want)
		}
	}
}

func TestParseRange(t *testing.T) {
	tests := []struct {
		from, to string
		days     int // 0: error
		week     string
	}{
		{"2026-11-01", "2026-11-30", 30, ""},
		{"2026-11-16", "2026-11-22", 7, "2026-W47"},
		{"2026-11-17", "2026-11-23", 7, ""},
		{"2026-11-20", "2026-11-20", 1, ""},
		{"2026-12-28", "2027-01-03", 7, "2026-W53"},
		{"2026-11-30", "2026-11-01", 0, ""},
		{"2026-11-31", "2026-12-01", 0, ""},
		{"2026/11/01", "2026-11-30", 0, ""},
		{"2026-11-01", "", 0, ""},
		{"2025-01-01", "2026-12-31", 0, ""}, // too long
	}
	for _, tt := range tests {
		p, err := ParseRange(tt.from, tt.to)
		if tt.days == 0 {
			if err == nil || !errors.Is(err, leakwatch.ErrInvalid) {
				t.Errorf("ParseRange(%q, %q) = %v, %v; want an ErrInvalid error", tt.from, tt.to, p, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseRange(%q, %q): %v", tt.from, tt.to, err)
			continue
		}
		if p.Days() != tt.days || p.Week != tt.week {
			t.Errorf("ParseRange(%q, %q) = %d days week %q, want %d days week %q", tt.from, tt.to, p.Days(), p.Week, tt.days, tt.week)
		}
	}
}

func TestPeriodLabel(t *testing.T) {
	p, _ := ParseWeek("2026-W53")
	if got, want := p.Label(), "2026年12月28日（月）〜2027年1月3日（日）"; got != want {
		t.Errorf("label = %q, want %q", got, want)
	}
	p, _ = ParseWeek("2026-W47")
	if got, want := p.Label(), "2026年11月16日（月）〜11月22日（日）"; got != want {
		t.Errorf("label = %q, want %q", got, want)
	}
}

func FuzzParseWeek(f *testing.F) {
	for _, s := range []string{"2026-W47", "2026-W53", "2025-W53", "0000-W01", "9999W52", "2026-w1", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParseWeek(s)
		if err != nil {
			if !errors.Is(err, leakwatch.ErrInvalid) {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
			return
		}
		if p.Days() != 7 || p.From.Weekday() != time.Monday {
			t.Fatalf("ParseWeek(%q) = %v: not a Monday-to-Sunday week", s, p)
		}
		q, err := ParseWeek(p.Week)
		if err != nil || !q.From.Equal(p.From) {
			t.Fatalf("round trip of %q via %q: %v, %v", s, p.Week, q, err)
		}
	})
}
