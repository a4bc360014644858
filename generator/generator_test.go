package generator

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/golden"
	"github.com/halorb/halorb/runbook/jsonx"
)

const shippedSpec = "../templates/immy-new-halo-client-alert/spec.json"

func generateShipped(t testing.TB, sets ...Set) *Output {
	t.Helper()
	o, diags, err := Generate(shippedSpec, sets)
	require.NoError(t, err)
	require.Empty(t, diags)
	require.NotNil(t, o)
	return o
}

// visibleSQL replaces the whitespace literal, which is mostly invisible
// characters, so the golden SQL reads well; TestSQLTrimsPythonWhitespace
// checks the literal itself.
func visibleSQL(sql string) string {
	return strings.ReplaceAll(sql, string(PythonWhitespace), "<python whitespace>")
}

// TestShippedSpecMatchesGoldenFiles: the golden files of the runbook and the
// integrations are the committed out/ itself (so "go test ./generator
// -update" is "halorb generate"); the SQL has its own readable golden file.
func TestShippedSpecMatchesGoldenFiles(t *testing.T) {
	o := generateShipped(t)
	for _, f := range o.Files {
		golden.Check(t, filepath.Join("..", "out", f.Name), f.Data)
	}
	golden.Check(t, filepath.Join("testdata", "immy-new-halo-client-alert.sql"), []byte(visibleSQL(o.SQL)+"\n"))
}

func TestGenerateIsDeterministic(t *testing.T) {
	a, b := generateShipped(t), generateShipped(t)
	require.Equal(t, len(a.Files), len(b.Files))
	for i := range a.Files {
		assert.Equal(t, a.Files[i].Name, b.Files[i].Name)
		assert.Equal(t, string(a.Files[i].Data), string(b.Files[i].Data), a.Files[i].Name)
	}
}

// TestGenerateParseGenerate: every generated file decodes with no diagnostic
// into the typed model, and encoding that model gives the same bytes.
func TestGenerateParseGenerate(t *testing.T) {
	for _, f := range generateShipped(t).Files {
		d := runbook.Parse(f.Name, f.Data)
		require.Empty(t, d.Diags, f.Name)
		var model any = d.Runbook
		want := runbook.ShapeRunbook
		if strings.HasSuffix(f.Name, ".integration.json") {
			model, want = d.Integration, runbook.ShapeIntegration
		}
		require.Equal(t, want, d.Shape, f.Name)
		assert.Equal(t, string(f.Data), string(runbook.Encode(model)), f.Name)
	}
}

func TestIDsAreStableNamesAndMethodsLink(t *testing.T) {
	o := generateShipped(t)
	assert.Equal(t, ID("runbook:immy-new-halo-client-alert"), *o.Runbook.ID)
	guids := map[string]string{}
	for _, in := range o.Integrations {
		assert.Equal(t, ID("integration:"+in.Name), *in.GUID)
		for _, m := range in.Methods {
			assert.Equal(t, ID("method:"+in.Name+":"+m.Name), *m.GUID)
			guids[runbook.FullName(in.Name, m.Name)] = *m.GUID
		}
	}
	methods := 0
	for _, st := range o.Runbook.Steps {
		if st.Kind() == runbook.KindMethod {
			methods++
			assert.Equal(t, guids[st.Message], st.AutoActionTypeGUID, "step %q links to its method by GUID", st.Name)
			assert.Equal(t, st.Message, st.Name)
		}
	}
	assert.Equal(t, 2, methods)
}

// TestNoSecretsAreWritten: credentials are entered in Halo, never generated.
func TestNoSecretsAreWritten(t *testing.T) {
	o := generateShipped(t)
	for _, in := range o.Integrations {
		assert.Empty(t, in.ClientID, in.Name)
		assert.Empty(t, in.NewClientSecret, in.Name)
		assert.Empty(t, in.Username, in.Name)
		assert.Empty(t, in.NewPassword, in.Name)
	}
	assert.Empty(t, o.Runbook.BasicPassword)
	assert.Empty(t, o.Runbook.BasicUsername)
	for _, f := range o.Files {
		doc, err := jsonx.Parse(f.Data)
		require.NoError(t, err)
		var walk func(v *jsonx.Value, ptr string)
		walk = func(v *jsonx.Value, ptr string) {
			for _, m := range v.Members {
				k := strings.ToLower(m.Key)
				if strings.Contains(k, "secret") || strings.Contains(k, "password") || k == "client_id" || k == "access_token" {
					assert.True(t, m.Value.Kind == jsonx.Null || m.Value.Text == "", "%s%s holds %q", f.Name, ptr+"/"+m.Key, m.Value.Text)
				}
				walk(m.Value, ptr+"/"+m.Key)
			}
			for _, e := range v.Elems {
				walk(e, ptr+"/[]")
			}
		}
		walk(doc.Root, "")
		assert.NotContains(t, string(f.Data), "http://", f.Name)
	}
}

// pythonIsSpace is the list from Python's documentation of str.isspace():
// characters whose bidirectional class is WS, B or S or whose category is Zs.
var pythonIsSpace = [][2]rune{{0x09, 0x0d}, {0x1c, 0x1f}, {0x20, 0x20}, {0x85, 0x85}, {0xa0, 0xa0}, {0x1680, 0x1680},
	{0x2000, 0x200a}, {0x2028, 0x2029}, {0x202f, 0x202f}, {0x205f, 0x205f}, {0x3000, 0x3000}}

func TestWhitespaceTableIsPythons(t *testing.T) {
	var want []rune
	for _, r := range pythonIsSpace {
		for c := r[0]; c <= r[1]; c++ {
			want = append(want, c)
		}
	}
	assert.Equal(t, want, PythonWhitespace)
	// Independently: Python's set is Unicode White_Space (Go's unicode.IsSpace)
	// plus the four information separators U+001C..U+001F.
	for r := rune(0); r <= unicode.MaxRune; r++ {
		py := unicode.IsSpace(r) || (r >= 0x1c && r <= 0x1f)
		if py != IsPythonSpace(r) {
			t.Errorf("U+%04X: Python isspace %v, table %v", r, py, IsPythonSpace(r))
		}
	}
}

func TestSQLTrimsPythonWhitespaceAndExcludesPlainSubstrings(t *testing.T) {
	o := generateShipped(t)
	sql := o.SQL
	trim := "TRIM(" + whitespaceSQL() + " FROM "
	assert.Equal(t, 4, strings.Count(sql, trim), "source key, target key, the empty-target filter and the joined result")
	assert.Contains(t, sql, "SELECT ISNULL(STRING_ESCAPE("+trim+"STRING_AGG(CAST(c.k AS nvarchar(max)), N', ') WITHIN GROUP (ORDER BY c.idx)), 'json'), N'') AS missing",
		"the joined names are stripped, then escaped for the JSON body")
	for _, r := range PythonWhitespace {
		assert.Contains(t, whitespaceSQL(), fmt.Sprintf("NCHAR(%d)", r))
	}
	for _, r := range sql {
		assert.False(t, r != '\n' && r != ' ' && unicode.IsSpace(r), "no raw whitespace character but newline and space in the SQL: U+%04X", r)
	}
	assert.NotContains(t, sql, "--")
	assert.NotContains(t, sql, ";")
	assert.NotContains(t, strings.ToUpper(sql), " LIKE ")
	assert.Contains(t, sql, "OPENJSON(N'<<halo_clients>>')")
	assert.Contains(t, sql, "OPENJSON(N'<<immy_tenants>>')")
	last := -1
	for _, x := range o.Spec.Reconcile.ExcludeSubstrings {
		i := strings.Index(sql, "AND CHARINDEX("+sqlString(x)+", LOWER(c.k)) = 0")
		require.GreaterOrEqual(t, i, 0, x)
		assert.Greater(t, i, last, "exclusions in spec order: %s", x)
		last = i
	}
	assert.Len(t, o.Spec.Reconcile.ExcludeSubstrings, 15)

	o2 := generateShipped(t, Set{Key: "reconcile.exclude_substrings.0", Value: "o'brien"}, Set{Key: "reconcile.join", Value: "' | '"})
	assert.Contains(t, o2.SQL, "CHARINDEX(N'o''brien', LOWER(c.k))", "a spec apostrophe is doubled")
	assert.Contains(t, o2.SQL, "N''' | ''')")
}

// TestRunbookShape pins the lowering: Option A, every failure edge to a
// failure end, the guard in the shape lint expects.
func TestRunbookShape(t *testing.T) {
	rb := generateShipped(t).Runbook
	assert.Equal(t, 1, rb.Type)
	assert.False(t, *rb.Active)
	assert.True(t, *rb.NotifyOnFailure)
	assert.True(t, rb.IsNew)
	assert.Equal(t, []int{0}, rb.Start())
	type row struct {
		name string
		kind runbook.Kind
		next []string
	}
	var got []row
	for i := range rb.Steps {
		st := &rb.Steps[i]
		r := row{name: st.Name, kind: st.Kind()}
		for _, e := range st.Actions {
			to, _, ok := rb.StepByID(e.EndStep)
			require.True(t, ok, "%s: edge to %d", st.Name, e.EndStep)
			r.next = append(r.next, to.Name)
			spec, _ := st.Kind().Edges()
			assert.Equal(t, spec.Type, e.ActionType)
			assert.Equal(t, -int(spec.Type), e.ActionID)
			assert.Equal(t, spec.Names[e.Seq-1], e.ActionName)
			assert.Equal(t, map[int]int{1: 1, 2: 0}[e.Seq], e.ApprovalResult)
		}
		got = append(got, r)
	}
	want := []row{
		{"HaloPSA: List Clients", runbook.KindMethod, []string{"ImmyBot: List Tenants", "Failed - HaloPSA: List Clients"}},
		{"ImmyBot: List Tenants", runbook.KindMethod, []string{"Apostrophe in Halo clients?", "Failed - ImmyBot: List Tenants"}},
		{"Apostrophe in Halo clients?", runbook.KindCondition, []string{"Stopped - apostrophe in Halo clients", "Apostrophe in ImmyBot tenants?"}},
		{"Apostrophe in ImmyBot tenants?", runbook.KindCondition, []string{"Stopped - apostrophe in ImmyBot tenants", "Find Halo clients missing from ImmyBot"}},
		{"Find Halo clients missing from ImmyBot", runbook.KindSQL, []string{"Anything missing?", "Failed - Find Halo clients missing from ImmyBot"}},
		{"Anything missing?", runbook.KindCondition, []string{"Create ticket", "Success - nothing missing"}},
		{"Create ticket", runbook.KindHaloAPI, []string{"Success", "Failed - Create ticket"}},
		{"Success", runbook.KindEndSuccess, nil},
		{"Success - nothing missing", runbook.KindEndSuccess, nil},
		{"Failed - HaloPSA: List Clients", runbook.KindEndFailure, nil},
		{"Failed - ImmyBot: List Tenants", runbook.KindEndFailure, nil},
		{"Stopped - apostrophe in Halo clients", runbook.KindEndFailure, nil},
		{"Stopped - apostrophe in ImmyBot tenants", runbook.KindEndFailure, nil},
		{"Failed - Find Halo clients missing from ImmyBot", runbook.KindEndFailure, nil},
		{"Failed - Create ticket", runbook.KindEndFailure, nil},
	}
	assert.Equal(t, want, got)

	guard := rb.Steps[2].StepConditions
	require.Len(t, guard, 1)
	assert.Equal(t, runbook.Criterion{FieldName: "<<halo_clients>>", ValueType: "string", ValueTypeID: -1, ValueString: "'", ValueDisplay: "'",
		TableName: "runbookvariable", Type: runbook.OpContains, ChatProfileFlowSeq: 3}, guard[0])
	assert.Equal(t, []string{"halo_clients"}, rb.Steps[0].Sets())
	assert.Equal(t, "response^clients", rb.Steps[0].OutputVariables[0].Value)
	assert.Equal(t, runbook.DataArray, rb.Steps[0].OutputVariables[0].DataType)
	assert.Equal(t, "response", rb.Steps[1].OutputVariables[0].Value)
	assert.Equal(t, "response[0]^missing!", rb.Steps[4].OutputVariables[0].Value)
	cond := rb.Steps[5].StepConditions[0]
	assert.Equal(t, "<<missing>>", cond.FieldName)
	assert.Equal(t, runbook.OpHasValue, cond.Type)
	ticket := rb.Steps[6]
	require.NotNil(t, ticket.AutoActionType)
	assert.Equal(t, 1, *ticket.AutoActionType)
	body, err := jsonx.Parse([]byte(ticket.Message))
	require.NoError(t, err)
	assert.Equal(t, `{"summary":"New Halo Clients Missing from ImmyBot","details":"<<missing>>","site_id":874,"user_id":63,"agent_id":27,"client_id":12,"tickettype_id":34,"onhold":true,"excludefromsla":true,"_forcereassign":true}`,
		jsonx.Compact(body.Root))
}

// TestEscapingTenantsGetNoGuard: with instance.sql_substitution escaped the
// lists go straight to the SQL; raw (the default, or said) keeps the guard.
func TestEscapingTenantsGetNoGuard(t *testing.T) {
	for _, sets := range [][]Set{nil, {{Key: "instance.sql_substitution", Value: "raw"}}} {
		o := generateShipped(t, sets...)
		var names []string
		for _, st := range o.Runbook.Steps {
			names = append(names, st.Name)
		}
		assert.Contains(t, names, "Apostrophe in Halo clients?", "%v", sets)
		assert.Contains(t, names, "Stopped - apostrophe in ImmyBot tenants", "%v", sets)
	}
	o := generateShipped(t, Set{Key: "instance.sql_substitution", Value: "escaped"})
	for _, st := range o.Runbook.Steps {
		assert.NotContains(t, st.Name, "postrophe")
	}
	first, _, _ := o.Runbook.StepByID(2)
	next, _, _ := o.Runbook.StepByID(first.Actions[0].EndStep)
	assert.Equal(t, runbook.KindSQL, next.Kind(), "List Tenants goes straight to the SQL")
}

func TestQueryParametersGoInThePathAndNullsAreLeftOut(t *testing.T) {
	o := generateShipped(t)
	assert.Equal(t, "/Client?includeactive=true&includeinactive=false", o.Integrations[0].Methods[0].Path)
	assert.Equal(t, "/api/v1/tenants", o.Integrations[1].Methods[0].Path)
	o = generateShipped(t,
		Set{Key: "integrations.HaloPSA.methods.List Clients.query.search.value", Value: "Acme & Sons"},
		Set{Key: "integrations.0.methods.0.query.toplevel_id.value", Value: "12"})
	assert.Equal(t, "/Client?includeactive=true&includeinactive=false&search=Acme%20%26%20Sons&toplevel_id=12", o.Integrations[0].Methods[0].Path)
}

func TestInstanceValuesFillTheIntegrations(t *testing.T) {
	o := generateShipped(t,
		Set{Key: "instance.halo_url", Value: "https://acme.halopsa.com"},
		Set{Key: "instance.halo_tenant", Value: "acme"},
		Set{Key: "instance.immybot_instance", Value: "acmeit"},
		Set{Key: "instance.entra_tenant_id", Value: "acme.onmicrosoft.com"})
	halo, immy := o.Integrations[0], o.Integrations[1]
	assert.Equal(t, "https://acme.halopsa.com/api", halo.ResourceBaseURL)
	assert.Equal(t, "https://acme.halopsa.com/auth/token?tenant=acme", halo.TokenURL)
	assert.Equal(t, "all", halo.Scope)
	assert.Equal(t, runbook.AuthOAuth2, halo.AuthorizationType)
	assert.Equal(t, runbook.GrantClientCredentials, halo.GrantType)
	assert.Equal(t, "https://acmeit.immy.bot", immy.ResourceBaseURL)
	assert.Equal(t, "https://login.microsoftonline.com/acme.onmicrosoft.com/oauth2/v2.0/token", immy.TokenURL)
	assert.Equal(t, "https://acmeit.immy.bot/.default", immy.Scope)
}

func TestSetKeepsTypes(t *testing.T) {
	o := generateShipped(t,
		Set{Key: "when_missing.body.site_id", Value: "900"},
		Set{Key: "when_missing.body.onhold", Value: "false"},
		Set{Key: "when_missing.body.summary", Value: "New clients, not in ImmyBot"},
		Set{Key: "runbook.notify_on_failure", Value: "false"},
		Set{Key: "runbook.log_retention_days", Value: "90"})
	body, err := jsonx.Parse([]byte(o.Runbook.Steps[6].Message))
	require.NoError(t, err)
	site, _ := body.Root.Get("site_id")
	assert.Equal(t, jsonx.Number, site.Kind)
	assert.Equal(t, "900", site.Text)
	onhold, _ := body.Root.Get("onhold")
	assert.Equal(t, jsonx.Bool, onhold.Kind)
	assert.Equal(t, "false", onhold.Text)
	summary, _ := body.Root.Get("summary")
	assert.Equal(t, "New clients, not in ImmyBot", summary.Text)
	assert.False(t, *o.Runbook.NotifyOnFailure)
	assert.Equal(t, 90, o.Runbook.LogRetentionPolicyDays)

	// A key the file leaves out but the format defines is accepted.
	o = generateShipped(t, Set{Key: "runbook.start_access", Value: "public"}, Set{Key: "runbook.public_authentication", Value: "signature"})
	assert.Equal(t, runbook.StartPublicEndpoint, o.Runbook.RunbookStartType)
	assert.Equal(t, runbook.InboundAuth(2), o.Runbook.InboundAuthenticationType)
}

func TestSetErrorsAreUsageErrors(t *testing.T) {
	cases := []struct {
		set  Set
		want string
	}{
		{Set{"instance.halo_ur", "https://x.halopsa.com"}, `--set instance.halo_ur: unknown key "halo_ur" in instance; did you mean "halo_url"?`},
		{Set{"when_missing.body.site_idd", "1"}, `unknown key "site_idd" in when_missing.body; did you mean "site_id"?`},
		{Set{"integrations.HaloPSAA.base_url", "https://x"}, `no element "HaloPSAA" in integrations: use an index 0..1 or an element's name; did you mean "HaloPSA"?`},
		{Set{"integrations.7.name", "x"}, `no element "7" in integrations`},
		{Set{"when_missing.body.site_id", "nine"}, `"nine" is not a number`},
		{Set{"when_missing.body.onhold", "yes"}, `"yes" is not a boolean`},
		{Set{"instance", "x"}, `the value it replaces is an object`},
		{Set{"name.x", "y"}, `name is a string, it has no key "x"`},
	}
	for _, c := range cases {
		_, _, err := Generate(shippedSpec, []Set{c.set})
		var se *SetError
		require.ErrorAs(t, err, &se, c.set.Key)
		assert.Contains(t, err.Error(), c.want)
	}
	_, err := ParseSet("novalue")
	assert.ErrorContains(t, err, "expected key=value")
	s, err := ParseSet("when_missing.body.summary=a=b")
	require.NoError(t, err)
	assert.Equal(t, Set{"when_missing.body.summary", "a=b"}, s)
}

func TestSetValueErrorsNameTheFlag(t *testing.T) {
	_, diags, err := Generate(shippedSpec, []Set{{"instance.halo_url", "http://acme.halopsa.com"}})
	require.NoError(t, err)
	require.Len(t, diags, 3, "the value, and the two URLs built from it")
	assert.Equal(t, `--set instance.halo_url: error: halo_url "http://acme.halopsa.com" must use https:// [spec]`, diags[0].String())
	assert.Equal(t, `../templates/immy-new-halo-client-alert/spec.json:22:19: error: base_url "http://acme.halopsa.com/api" must use https:// [spec]`, diags[1].String())
}

func TestSQLSubstitutionSetErrorNamesTheFlag(t *testing.T) {
	_, diags, err := Generate(shippedSpec, []Set{{"instance.sql_substitution", "Escaped"}})
	require.NoError(t, err)
	require.Len(t, diags, 1)
	assert.Equal(t, `--set instance.sql_substitution: error: sql_substitution "Escaped" is not one of raw, escaped; did you mean "escaped"? (run halorb probe to find out which your tenant does; docs/import.md) [spec]`, diags[0].String())
}
