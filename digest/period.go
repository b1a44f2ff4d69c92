package digest

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/leakwatch/leakwatch"
)

// Period is a span of whole days in Japan time, both ends inclusive. Week is
// the ISO week ("2026-W47") when the period is exactly one; empty otherwise.
type Period struct {
	From time.Time // midnight JST of the first day
	To   time.Time // midnight JST of the last day
	Week string
}

// maxPeriodDays bounds --from/--to so a typo cannot ask for a century.
const maxPeriodDays = 366

var weekRE = regexp.MustCompile(`^(\d{4})-?[Ww](\d{1,2})$`)

// ParseWeek reads an ISO week such as "2026-W47" (also "2026W47", "2026-w47").
// Weeks run Monday to Sunday in Japan time; week 1 is the week with the year's
// first Thursday, so a year has 52 or 53 weeks and a week number the year does
// not have is an error, not a roll-over.
func ParseWeek(s string) (Period, error) {
	m := weekRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return Period{}, fmt.Errorf("digest: week %q: want YYYY-Www such as 2026-W47: %w", s, leakwatch.ErrInvalid)
	}
	year, _ := strconv.Atoi(m[1])
	week, _ := strconv.Atoi(m[2])
	if week < 1 || week > 53 {
		return Period{}, fmt.Errorf("digest: week %q: week number must be 1 to 53: %w", s, leakwatch.ErrInvalid)
	}
	// January 4th is always in week 1; its Monday starts week 1.
	jan4 := time.Date(year, time.January, 4, 0, 0, 0, 0, leakwatch.JST)
	monday := jan4.AddDate(0, 0, -mondayOffset(jan4)+(week-1)*7)
	if y, w := monday.ISOWeek(); y != year || w != week {
		return Period{}, fmt.Errorf("digest: week %q: %d has no week %d: %w", s, year, week, leakwatch.ErrInvalid)
	}
	return weekFrom(monday), nil
}

// WeekOf is the ISO week, in Japan time, that contains t.
func WeekOf(t time.Time) Period {
	t = t.In(leakwatch.JST)
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, leakwatch.JST)
	return weekFrom(day.AddDate(0, 0, -mondayOffset(day)))
}

// PreviousWeek is the last full week before now: on any day of 2026-W48 it is
// 2026-W47, the week a Monday digest reports on.
func PreviousWeek(now time.Time) Period { return WeekOf(now).Shift(-1) }

// ParseRange reads --from and --to dates (YYYY-MM-DD, Japan time, inclusive).
// A range that is exactly one ISO week gets its week name.
func ParseRange(from, to string) (Period, error) {
	f, err := parseDay(from)
	if err != nil {
		return Period{}, err
	}
	t, err := parseDay(to)
	if err != nil {
		return Period{}, err
	}
	if t.Before(f) {
		return Period{}, fmt.Errorf("digest: range %s to %s: end before start: %w", from, to, leakwatch.ErrInvalid)
	}
	p := Period{From: f, To: t}
	if p.Days() > maxPeriodDays {
		return Period{}, fmt.Errorf("digest: range %s to %s: longer than %d days: %w", from, to, maxPeriodDays, leakwatch.ErrInvalid)
	}
	if w := WeekOf(f); w.From.Equal(f) && w.To.Equal(t) {
		p.Week = w.Week
	}
	return p, nil
}

func parseDay(s string) (time.Time, error) {
	t, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(s), leakwatch.JST)
	if err != nil {
		return time.Time{}, fmt.Errorf("digest: date %q: want YYYY-MM-DD: %w", s, leakwatch.ErrInvalid)
	}
	return t, nil
}

func weekFrom(monday time.Time) Period {
	y, w := monday.ISOWeek()
	return Period{From: monday, To: monday.AddDate(0, 0, 6), Week: fmt.Sprintf("%04d-W%02d", y, w)}
}

// mondayOffset is how many days t is after the Monday of its week.
func mondayOffset(t time.Time) int { return (int(t.Weekday()) + 6) % 7 }

// Days is the number of days in the period.
func (p Period) Days() int {
	// Japan time has no daylight saving, so days are always 24 hours.
	return int(p.To.Sub(p.From).Hours()/24) + 1
}

// End is the first instant after the period.
func (p Period) End() time.Time { return p.To.AddDate(0, 0, 1) }

// Contains reports whether t falls on one of the period's days in Japan time.
func (p Period) Contains(t time.Time) bool {
	return !t.Before(p.From) && t.Before(p.End())
}

// Shift moves the period by n of its own lengths (n = -1: the period just before).
func (p Period) Shift(n int) Period {
	d := n * p.Days()
	q := Period{From: p.From.AddDate(0, 0, d), To: p.To.AddDate(0, 0, d)}
	if p.Week != "" {
		q.Week = WeekOf(q.From).Week
	}
	return q
}

// Name is the week ("2026-W47") or the range ("2026-11-16_2026-11-22"), for
// file names, feed ids and JSON.
func (p Period) Name() string {
	if p.Week != "" {
		return p.Week
	}
	return p.From.Format("2006-01-02") + "_" + p.To.Format("2006-01-02")
}

var weekdayJa = [...]string{"日", "月", "火", "水", "木", "金", "土"}

// Label is the period written for Japanese readers:
// "2026年11月16日（月）〜11月22日（日）".
func (p Period) Label() string {
	day := func(t time.Time, withYear bool) string {
		s := fmt.Sprintf("%d月%d日（%s）", int(t.Month()), t.Day(), weekdayJa[t.Weekday()])
		if withYear {
			s = fmt.Sprintf("%d年", t.Year()) + s
		}
		return s
	}
	if p.Days() == 1 {
		return day(p.From, true)
	}
	return day(p.From, true) + "〜" + day(p.To, p.To.Year() != p.From.Year())
}
