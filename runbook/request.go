package runbook

import (
	"net/url"
	"strconv"
	"strings"
)

// URLText is one text that goes into a method's request URL, before its
// tokens are substituted.
type URLText struct {
	Text string
	// Field is the JSON pointer of Text below the method ("/path",
	// "/uri_params/0/value"), or below the integration when OfIntegration
	// ("/resourcebaseurl").
	Field         string
	OfIntegration bool
	// What names the text for messages: "method resource", "method path",
	// "query parameter name", `query parameter "q"`, ...
	What string
	// Query is the query row the text belongs to; -1 for the base and path.
	Query int
}

// URLTexts lists the texts a request URL is built from, in the order URL
// substitutes them: the base (the method's resource, else the integration's
// resourcebaseurl, else the method's integration_baseurl), the path, then
// each uri_params row's key and value.
func (m *ResolvedMethod) URLTexts() []URLText {
	me := m.Method
	base := URLText{Text: me.Resource, Field: "/resource", What: "method resource", Query: -1}
	if strings.TrimSpace(base.Text) == "" {
		switch {
		case m.Integration != nil && strings.TrimSpace(m.Integration.ResourceBaseURL) != "":
			base = URLText{Text: m.Integration.ResourceBaseURL, Field: "/resourcebaseurl", OfIntegration: true,
				What: "integration resourcebaseurl", Query: -1}
		case me.IntegrationBaseURL != "":
			base = URLText{Text: me.IntegrationBaseURL, Field: "/integration_baseurl", What: "method integration_baseurl", Query: -1}
		case m.Integration != nil:
			base = URLText{Text: m.Integration.ResourceBaseURL, Field: "/resourcebaseurl", OfIntegration: true,
				What: "integration resourcebaseurl", Query: -1}
		}
	}
	out := make([]URLText, 0, 2+2*len(me.URIParams))
	out = append(out, base, URLText{Text: me.Path, Field: "/path", What: "method path", Query: -1})
	for i, row := range me.URIParams {
		ptr := "/uri_params/" + strconv.Itoa(i)
		out = append(out,
			URLText{Text: row.Key, Field: ptr + "/key", What: "query parameter name", Query: i},
			URLText{Text: row.Value, Field: ptr + "/value", What: "query parameter " + strconv.Quote(row.Key), Query: i})
	}
	return out
}

// URL builds the request URL the method sends, as Halo would
// (docs/assumptions.md RC2): the base and the path joined with exactly one
// '/', then each uri_params row as key=value, URL-encoded with %20 for a
// space, after any query the path already has; a row whose key is empty
// after substitution is skipped. subst pastes the tokens of each text; its
// first error is returned. A caller that collects every problem returns a
// nil error from subst and remembers its own.
func (m *ResolvedMethod) URL(subst func(URLText) (string, error)) (string, error) {
	texts := m.URLTexts()
	parts := make([]string, len(texts))
	for i, t := range texts {
		v, err := subst(t)
		if err != nil {
			return "", err
		}
		parts[i] = v
	}
	var query []string
	for i := 2; i+1 < len(parts); i += 2 {
		if parts[i] != "" {
			query = append(query, QueryEscape(parts[i])+"="+QueryEscape(parts[i+1]))
		}
	}
	return AppendQuery(JoinURL(parts[0], parts[1]), query), nil
}

// JoinURL puts exactly one '/' between a base URL and a path; a path that
// is only a query ("?x=1") is appended to the base without one. Halo's own
// rule is not documented (docs/assumptions.md RC2).
func JoinURL(base, path string) string {
	switch {
	case path == "":
		return base
	case base == "":
		return path
	case strings.HasPrefix(path, "?"):
		return strings.TrimSuffix(base, "/") + path
	case strings.HasSuffix(base, "/") && strings.HasPrefix(path, "/"):
		return base + path[1:]
	case !strings.HasSuffix(base, "/") && !strings.HasPrefix(path, "/"):
		return base + "/" + path
	}
	return base + path
}

// AppendQuery adds encoded key=value pairs after any query already in u
// (before a #fragment).
func AppendQuery(u string, pairs []string) string {
	if len(pairs) == 0 {
		return u
	}
	frag := ""
	if k := strings.IndexByte(u, '#'); k >= 0 {
		u, frag = u[:k], u[k:]
	}
	switch {
	case !strings.Contains(u, "?"):
		u += "?"
	case !strings.HasSuffix(u, "?") && !strings.HasSuffix(u, "&"):
		u += "&"
	}
	return u + strings.Join(pairs, "&") + frag
}

// QueryEscape encodes a query component with %20 for a space (not '+'), as
// requests are sent and literal queries are written into method paths.
func QueryEscape(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }

// SeedVariables returns the variables a run starts with: the runbook's input
// variables with their defaults, then the given values by name, declared or
// not (Halo's template exports carry no input_variables at all;
// docs/assumptions.md S14).
func (r *Runbook) SeedVariables(given map[string]string) map[string]string {
	vars := make(map[string]string, len(r.InputVariables)+len(given))
	for _, v := range r.InputVariables {
		vars[v.Key] = v.Value
	}
	for k, v := range given {
		vars[k] = v
	}
	return vars
}
