package diag

// Style colours report text for a terminal. It is the one place halorb's
// colours are chosen, so lint's findings and simulate's PASS/FAIL look
// alike; the command line decides whether colour is on (--color, NO_COLOR,
// a terminal) and passes a Style to each text formatter. The zero Style
// returns text unchanged, which is what files, pipes and tests get.
type Style struct{ Color bool }

// ANSI SGR sequences: bold red, yellow, cyan, green, dim, bold.
const (
	sgrError   = "\x1b[1;31m"
	sgrWarning = "\x1b[33m"
	sgrInfo    = "\x1b[36m"
	sgrPass    = "\x1b[32m"
	sgrFaint   = "\x1b[2m"
	sgrBold    = "\x1b[1m"
	sgrReset   = "\x1b[0m"
)

func (s Style) paint(sgr, text string) string {
	if !s.Color || text == "" {
		return text
	}
	return sgr + text + sgrReset
}

// Severity colours text (usually the severity's name) by sev: error red,
// warning yellow, info cyan.
func (s Style) Severity(sev Severity, text string) string {
	switch sev {
	case Error:
		return s.paint(sgrError, text)
	case Warning:
		return s.paint(sgrWarning, text)
	}
	return s.paint(sgrInfo, text)
}

// Pass colours a passing verdict (PASS) green.
func (s Style) Pass(text string) string { return s.paint(sgrPass, text) }

// Fail colours a failing verdict (FAIL) as an error.
func (s Style) Fail(text string) string { return s.paint(sgrError, text) }

// Verdict is Pass or Fail by ok.
func (s Style) Verdict(ok bool, text string) string {
	if ok {
		return s.Pass(text)
	}
	return s.Fail(text)
}

// Faint dims secondary text: source snippets, markers, paths.
func (s Style) Faint(text string) string { return s.paint(sgrFaint, text) }

// Bold emphasises a name or a heading.
func (s Style) Bold(text string) string { return s.paint(sgrBold, text) }
