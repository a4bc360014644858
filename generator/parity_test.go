package generator

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/fixture"
	"github.com/halorb/halorb/runbook/jsonx"
	"github.com/halorb/halorb/runbook/sim"
)

// This file checks the generated runbook against an independent
// implementation of the Rewst workflow's data rules, written from
// ../shared/reference/rewst-immy-new-halo-client-alert.md ("The data logic,
// exactly") and not from the SQL.

// rewstExclusions are the workflow's 15 substrings, copied from the reference.
var rewstExclusions = []string{
	"test", "recycle for cyber assessment", "re-installed agents", "apex namg affiliated",
	"a test company", "template", "unknown", "nfr-test", "best best and krieger", "synthekine",
	"satomic", "san diego museum of art", "balboa park online collaborative", "cirsium biosciences",
	"reproductive sciences medical center",
}

// pyStrip is Python's str.strip(): Python's whitespace is Unicode White_Space
// plus the four information separators U+001C..U+001F (bidi class B or S).
func pyStrip(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f) })
}

// pyLower is Python's str.lower() for the characters the generator below
// uses; it avoids the ones with special casing (İ, final sigma), whose
// Python, Go and SQL Server lower-casings disagree (docs/assumptions.md).
func pyLower(s string) string { return strings.ToLower(s) }

// tenantName is a tenant's name: nil when null or absent.
type tenantName *string

// rewstFilteredMissing is filtered_missing: the clients, in order, whose
// stripped lower-cased name is not among the tenant names (stripped,
// lower-cased, empties dropped), without those whose lower-cased name
// contains an exclusion; their original names joined with ", ", the whole
// stripped. The bool says whether the workflow raises a ticket.
func rewstFilteredMissing(clients []string, tenants []tenantName) (string, bool) {
	// filtered_missing is the joined text as Rewst publishes it: stripped of
	// whitespace at both ends (str.strip on the whole rendered value), and
	// the ticket is raised when that is not empty. One client named "" or
	// "\u3000" strips to "" and raises none.
	joined := pyStrip(rewstJoined(clients, tenants))
	return joined, joined != ""
}

// rewstJoined is the rendered text before Rewst's strip.
func rewstJoined(clients []string, tenants []tenantName) string {
	names := map[string]bool{}
	for _, t := range tenants {
		if t == nil {
			continue // a null name is dropped (docs/assumptions.md)
		}
		if n := pyLower(pyStrip(*t)); n != "" {
			names[n] = true
		}
	}
	var out []string
	for _, c := range clients {
		if names[pyLower(pyStrip(c))] {
			continue
		}
		excluded := false
		for _, x := range rewstExclusions {
			if strings.Contains(pyLower(c), x) {
				excluded = true
				break
			}
		}
		if !excluded {
			out = append(out, c)
		}
	}
	return strings.Join(out, ", ")
}

// nameGen makes client and tenant names from pieces that exercise the rules;
// with quoteOneIn n > 0, one name piece in n holds the characters SQL and
// JSON quote.
type nameGen struct {
	r          *rand.Rand
	quoteOneIn int
}

var (
	// Cores: plain names, accented Latin letters, JSON-escaped characters
	// (" \ /), SQL wildcard characters (% _ [ ]), exclusion phrases inside
	// longer names, plain-substring traps ("Contest", "Attestation") and
	// near misses ("Tést", "Templ ate").
	cores = []string{
		"Contoso", "Fabrikam", "Northwind Traders", "Adventure Works", "Tailspin Toys", "Globex",
		"Café Lumière", "Müller GmbH", "Ångström Labs", "École Dupont", "Zoë & Co", "Señor Taco",
		"Łódź Sp. z o.o.", "Ærø ApS", "Ça Va", "Ölçer", "Ðoan", "Þór ehf",
		"Smith \"Q\" Ltd", "Back\\Slash", "A/B Partners", "100% Pure", "under_score", "[Bracket]", "50/50 {Inc}",
		"Contest Industries", "Attestation LLC", "Latest Co", "Protester", "Templates R Us", "UNKNOWN Soldier",
		"NFR-Test Lab", "A Test Company", "San Diego Museum of Art Shop", "Best Best and Krieger LLP",
		"Synthekine", "Satomic", "Cirsium Biosciences", "Balboa Park Online Collaborative",
		"Recycle for Cyber Assessment", "Re-Installed Agents", "Apex NAMG Affiliated", "Reproductive Sciences Medical Center",
		"Tést Co", "Templ ate", "Unknwn", "Te st", "🚀 Rocket", "Nine9",
	}
	// quoteCores hold ' (alone, doubled, at either end), " and \, and the
	// control characters JSON escapes (tab, newline, carriage return): the
	// names a raw-pasting tenant cannot reconcile and an escaping one must.
	quoteCores = []string{
		"O'Brien Plumbing", "D'Angelo & Sons", "Rock 'n' Roll Ltd", "'Quoted' Co", "Trailing'", "It''s Doubled",
		"Smith \"Q\" Ltd", "Back\\Slash", "\\'Mixed\\\" Ltd", "Tab\tSeparated", "New\nLine Ltd", "Carriage\rReturn",
		"O'Test Labs", "L'Unknown",
	}
	// spaces: Python whitespace of every kind. Zero-width and full-width
	// characters are left out: SQL Server's collation ignores or folds them
	// where Python does not (docs/assumptions.md).
	spaces = []string{" ", "\t", "\n", "\v", "\f", "\r", "\x1c", "\x1d", "\x1e", "\x1f", "\u0085", "\u00a0", "\u1680",
		"\u2000", "\u2001", "\u2002", "\u2003", "\u2004", "\u2005", "\u2006", "\u2007", "\u2008", "\u2009", "\u200a",
		"\u2028", "\u2029", "\u202f", "\u205f", "\u3000"}
)

func (g nameGen) pick(list []string) string { return list[g.r.IntN(len(list))] }

func (g nameGen) core() string {
	pick := func() string {
		if g.quoteOneIn > 0 && g.r.IntN(g.quoteOneIn) == 0 {
			return g.pick(quoteCores)
		}
		return g.pick(cores)
	}
	s := pick()
	switch g.r.IntN(6) {
	case 0:
		s += " " + pick()
	case 1:
		s += fmt.Sprintf(" %d", g.r.IntN(100))
	}
	return s
}

// recase changes case: as is, upper, lower, or a random mix.
func (g nameGen) recase(s string) string {
	switch g.r.IntN(4) {
	case 0:
		return strings.ToUpper(s)
	case 1:
		return strings.ToLower(s)
	case 2:
		var b strings.Builder
		for _, r := range s {
			if g.r.IntN(2) == 0 {
				r = unicode.ToUpper(r)
			} else {
				r = unicode.ToLower(r)
			}
			b.WriteRune(r)
		}
		return b.String()
	}
	return s
}

// pad adds leading and trailing whitespace of random kinds.
func (g nameGen) pad(s string) string {
	var pre, post string
	for i := g.r.IntN(3); i > 0; i-- {
		pre += g.pick(spaces)
	}
	for i := g.r.IntN(3); i > 0; i-- {
		post += g.pick(spaces)
	}
	return pre + s + post
}

func (g nameGen) blank() string {
	s := ""
	for i := g.r.IntN(3); i > 0; i-- {
		s += g.pick(spaces)
	}
	return s
}

// parityCase is one random pair of lists.
type parityCase struct {
	clients []string
	tenants []tenantName
	absent  map[int]bool // tenants whose "name" key is left out (not null)
}

func (g nameGen) makeCase() parityCase {
	c := parityCase{absent: map[int]bool{}}
	for n := g.r.IntN(61); len(c.clients) < n; {
		switch {
		case len(c.clients) > 0 && g.r.IntN(8) == 0: // a duplicate, maybe re-cased or padded
			prev := c.clients[g.r.IntN(len(c.clients))]
			if g.r.IntN(2) == 0 {
				prev = g.pad(g.recase(pyStrip(prev)))
			}
			c.clients = append(c.clients, prev)
		case g.r.IntN(30) == 0:
			c.clients = append(c.clients, g.blank())
		default:
			name := g.core()
			if g.r.IntN(3) == 0 {
				name = g.recase(name)
			}
			if g.r.IntN(3) == 0 {
				name = g.pad(name)
			}
			c.clients = append(c.clients, name)
		}
	}
	str := func(s string) tenantName { return &s }
	for n := g.r.IntN(61); len(c.tenants) < n; {
		switch k := g.r.IntN(12); {
		case k < 6 && len(c.clients) > 0: // the same company, spelled the ImmyBot way
			c.tenants = append(c.tenants, str(g.pad(g.recase(pyStrip(c.clients[g.r.IntN(len(c.clients))])))))
		case k == 6:
			c.tenants = append(c.tenants, str(g.blank()))
		case k == 7:
			c.absent[len(c.tenants)] = g.r.IntN(2) == 0
			c.tenants = append(c.tenants, nil)
		default:
			c.tenants = append(c.tenants, str(g.pad(g.recase(g.core()))))
		}
	}
	return c
}

// fixtureFor builds the fixture of a case, in the response shapes of
// ../shared/reference/external-apis.md §3.
func fixtureFor(t testing.TB, name string, c parityCase) *fixture.Fixture {
	var clients []*jsonx.Value
	for i, n := range c.clients {
		clients = append(clients, jsonx.NewObject(
			jsonx.Member{Key: "id", Value: jsonx.Int(int64(100 + i))},
			jsonx.Member{Key: "name", Value: jsonx.Str(n)},
			jsonx.Member{Key: "toplevel_id", Value: jsonx.Int(1)},
			jsonx.Member{Key: "inactive", Value: jsonx.Boolean(false)},
		))
	}
	var tenants []*jsonx.Value
	for i, n := range c.tenants {
		m := []jsonx.Member{{Key: "id", Value: jsonx.Int(int64(i + 1))}}
		switch {
		case n != nil:
			m = append(m, jsonx.Member{Key: "name", Value: jsonx.Str(*n)})
		case !c.absent[i]:
			m = append(m, jsonx.Member{Key: "name", Value: jsonx.NullValue()})
		}
		m = append(m, jsonx.Member{Key: "active", Value: jsonx.Boolean(i%5 != 0)}, jsonx.Member{Key: "isMsp", Value: jsonx.Boolean(i == 0)})
		tenants = append(tenants, jsonx.NewObject(m...))
	}
	doc := jsonx.NewObject(
		jsonx.Member{Key: "name", Value: jsonx.Str(name)},
		jsonx.Member{Key: "responses", Value: jsonx.NewObject(
			jsonx.Member{Key: "HaloPSA: List Clients", Value: jsonx.NewObject(
				jsonx.Member{Key: "status", Value: jsonx.Int(200)},
				jsonx.Member{Key: "body", Value: jsonx.NewObject(
					jsonx.Member{Key: "record_count", Value: jsonx.Int(int64(len(clients)))},
					jsonx.Member{Key: "clients", Value: jsonx.NewArray(clients...)},
				)},
			)},
			jsonx.Member{Key: "ImmyBot: List Tenants", Value: jsonx.NewObject(
				jsonx.Member{Key: "status", Value: jsonx.Int(200)},
				jsonx.Member{Key: "body", Value: jsonx.NewArray(tenants...)},
			)},
		)},
	)
	fx, diags := fixture.Parse(name+".json", jsonx.AppendCompact(nil, doc))
	require.Empty(t, diags)
	return fx
}

// simulatedTicket runs the case on a tenant that pastes as o's spec says and
// returns the ticket's details, or false when the run created no ticket.
func simulatedTicket(t testing.TB, o *Output, fx *fixture.Fixture) (string, bool, *sim.Result) {
	res := sim.Run(o.Runbook, fx, sim.Options{Integrations: o.Integrations, SQLSubstitution: o.Spec.sqlSubstitution()})
	require.Empty(t, res.Failures, "%s", fx.Name)
	require.Equal(t, sim.StatusCompleted, res.Status, "%s: %s at %s", fx.Name, res.Error, res.EndStep)
	for _, c := range res.Calls {
		if c.Kind == sim.CallHaloAPI {
			require.NotNil(t, c.JSONBody, "the ticket body is valid JSON")
			d, ok := c.JSONBody.Get("details")
			require.True(t, ok)
			require.Equal(t, jsonx.String, d.Kind)
			require.Equal(t, "Success", res.EndStep)
			return d.Text, true, res
		}
	}
	require.Equal(t, "Success - nothing missing", res.EndStep)
	return "", false, res
}

// TestParityWithRewst: on thousands of random client and tenant lists, the
// simulated runbook creates a ticket exactly when the Rewst rules find
// clients missing, and its details are exactly Rewst's filtered_missing.
// On an escaping tenant that holds for names with ', " and \ too; on a raw
// one, such lists stop before the SQL step and raise no ticket.
func TestParityWithRewst(t *testing.T) {
	n := func(full, short int) int {
		if testing.Short() {
			return short
		}
		return full
	}
	raw := generateShipped(t)
	require.Equal(t, rewstExclusions, raw.Spec.Reconcile.ExcludeSubstrings, "the shipped spec carries the workflow's exclusions")
	escaped := generateShipped(t, Set{Key: "instance.sql_substitution", Value: "escaped"})
	t.Run("raw, no quotes", func(t *testing.T) {
		s := parity(t, raw, nameGen{r: rand.New(rand.NewPCG(20240605, 5))}, n(1500, 200))
		assert.Zero(t, s.stopped, "no list holds an apostrophe")
	})
	t.Run("escaped, with quotes", func(t *testing.T) {
		s := parity(t, escaped, nameGen{r: rand.New(rand.NewPCG(20240605, 6)), quoteOneIn: 4}, n(1000, 100))
		assert.Zero(t, s.stopped, "an escaping tenant has no guard")
		assert.Greater(t, s.quoted, s.cases/3, "most cases hold a ' somewhere")
		assert.Greater(t, s.quotedTickets, s.cases/2, "and most tickets list a name with ', \" or \\")
	})
	t.Run("raw, with quotes", func(t *testing.T) {
		s := parity(t, raw, nameGen{r: rand.New(rand.NewPCG(20240605, 7)), quoteOneIn: 80}, n(1000, 100))
		assert.Equal(t, s.quoted, s.stopped, "every list with a ' stops at the guard")
		assert.Greater(t, s.quoted, s.cases/8, "many lists hold a '")
		assert.Greater(t, s.cases-s.quoted, s.cases/4, "and the others still reconcile")
	})
}

// paritySummary counts what a parity run saw.
type paritySummary struct {
	cases, tickets, blank int
	quoted, quotedTickets int // cases whose lists hold a '; of them, those Rewst raises a ticket for
	stopped               int // runs that ended at a "Stopped - apostrophe in" end
}

// parity runs cases random cases on o and compares each with the Rewst rules.
// A case whose lists hold a ' must, on a raw tenant, end at the guard with no
// call after the two lists were read (no SQL, no ticket).
func parity(t *testing.T, o *Output, g nameGen, cases int) paritySummary {
	s := paritySummary{cases: cases}
	for i := 0; i < cases; i++ {
		c := g.makeCase()
		name := fmt.Sprintf("parity case %d", i)
		fx := fixtureFor(t, name, c)
		want, wantTicket := rewstFilteredMissing(c.clients, c.tenants)
		if joined := rewstJoined(c.clients, c.tenants); joined != "" && want == "" {
			s.blank++ // only whitespace: the strip leaves nothing, so no ticket
		}
		quoted := strings.Contains(strings.Join(c.clients, ""), "'") || strings.Contains(strings.Join(derefAll(c.tenants), ""), "'")
		if quoted {
			s.quoted++
		}
		if strings.ContainsAny(want, `'"\`) {
			s.quotedTickets++
		}
		if quoted && o.Spec.guarded() {
			res := sim.Run(o.Runbook, fx, sim.Options{Integrations: o.Integrations, SQLSubstitution: o.Spec.sqlSubstitution()})
			require.Empty(t, res.Failures, name)
			if !assert.True(t, strings.HasPrefix(res.EndStep, "Stopped - apostrophe in "), "%s: ended at %q\nclients %q\ntenants %q", name, res.EndStep, c.clients, derefAll(c.tenants)) {
				return s
			}
			require.Len(t, res.Calls, 2, "%s: only the two lists were read", name)
			s.stopped++
			continue
		}
		got, gotTicket, res := simulatedTicket(t, o, fx)
		if strings.HasPrefix(res.EndStep, "Stopped - ") {
			s.stopped++
		}
		if !assert.Equal(t, wantTicket, gotTicket, "%s: ticket created?\nclients %q\ntenants %q", name, c.clients, derefAll(c.tenants)) ||
			!assert.Equal(t, want, got, "%s: ticket details\nclients %q\ntenants %q", name, c.clients, derefAll(c.tenants)) {
			return s
		}
		if gotTicket {
			s.tickets++
		}
	}
	// The generator must exercise both outcomes, not only one.
	assert.Greater(t, s.tickets, (cases-s.quoted)/10)
	assert.Less(t, s.tickets, cases*9/10)
	assert.Positive(t, s.blank, "some result is only whitespace")
	t.Logf("%d cases, %d with a ticket, %d with a whitespace-only result, %d holding a ', %d stopped at the guard", cases, s.tickets, s.blank, s.quoted, s.stopped)
	return s
}

func derefAll(ts []tenantName) []string {
	var out []string
	for _, t := range ts {
		if t == nil {
			out = append(out, "<null>")
		} else {
			out = append(out, *t)
		}
	}
	return out
}

// TestRewstReferenceOnKnownCases pins the reference implementation itself,
// so that the parity test cannot pass by two equal mistakes.
func TestRewstReferenceOnKnownCases(t *testing.T) {
	s := func(v string) tenantName { return &v }
	got, ok := rewstFilteredMissing(
		[]string{"\tContoso\u00a0", "Contest Inc", "Fabrikam", "fabrikam ", "Zeta", "Beta\u200b", "  "},
		[]tenantName{s("CONTOSO"), s("\u3000zeta\x1c"), s(""), s("   "), nil, s("beta")})
	assert.True(t, ok)
	assert.Equal(t, "Fabrikam, fabrikam , Beta\u200b,", got, "the trailing blank name's spaces are stripped, its separator stays")
	_, ok = rewstFilteredMissing([]string{"Attestation"}, nil)
	assert.False(t, ok)
	got, ok = rewstFilteredMissing([]string{"\u3000 Acme", "Beta\t", " Gamma\u00a0\x1f"}, nil)
	assert.True(t, ok)
	assert.Equal(t, "Acme, Beta\t,  Gamma", got, "the first name's leading and the last name's trailing whitespace go; inner names keep theirs")
	got, ok = rewstFilteredMissing([]string{"\u3000 \x1c", "Contest"}, nil)
	assert.False(t, ok, "a result of only whitespace raises no ticket")
	assert.Equal(t, "", got)
}

// TestStepsExecutedDoNotDependOnTheNumberOfClients: the runbook has no loop,
// so 10 and 10,000 clients run the same steps.
func TestStepsExecutedDoNotDependOnTheNumberOfClients(t *testing.T) {
	o := generateShipped(t)
	run := func(n int) *sim.Result {
		c := parityCase{absent: map[int]bool{}}
		for i := 0; i < n; i++ {
			c.clients = append(c.clients, fmt.Sprintf("Client %05d", i))
			if i%2 == 0 {
				name := fmt.Sprintf("CLIENT %05d ", i)
				c.tenants = append(c.tenants, &name)
			}
		}
		_, ticket, res := simulatedTicket(t, o, fixtureFor(t, fmt.Sprintf("%d clients", n), c))
		require.True(t, ticket)
		return res
	}
	small, large := run(10), run(10000)
	assert.Equal(t, 8, small.StepsExecuted)
	assert.Equal(t, small.StepsExecuted, large.StepsExecuted)
	var a, b []string
	for _, e := range small.Trace {
		a = append(a, e.Name)
	}
	for _, e := range large.Trace {
		b = append(b, e.Name)
	}
	assert.Equal(t, a, b)
	for _, st := range o.Runbook.Steps {
		assert.NotContains(t, []runbook.Kind{runbook.KindBeginIteration, runbook.KindNextIteration}, st.Kind())
	}
}

// TestLongDetailsAreSentWhole: details past 20,000 characters (the limit one
// seed documents for another product's Halo ticket step) reach the ticket
// whole, as Rewst sends them (docs/assumptions.md G15).
func TestLongDetailsAreSentWhole(t *testing.T) {
	c := parityCase{absent: map[int]bool{}}
	for i := 0; i < 1200; i++ {
		c.clients = append(c.clients, fmt.Sprintf("Client %04d Holdings ‘Ltd’ \"%d\"", i, i))
	}
	want, ok := rewstFilteredMissing(c.clients, c.tenants)
	require.True(t, ok)
	require.Greater(t, len([]rune(want)), 20000)
	got, ticket, _ := simulatedTicket(t, generateShipped(t), fixtureFor(t, "long", c))
	require.True(t, ticket)
	assert.Equal(t, want, got)
}
