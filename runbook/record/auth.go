package record

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/transport"
)

// Credential fields: the <FIELD> of HALORB_<INTEGRATION>_<FIELD>.
const (
	FieldClientID     = "CLIENT_ID"     // OAuth2; falls back to the integration's client_id
	FieldClientSecret = "CLIENT_SECRET" // OAuth2
	FieldToken        = "TOKEN"         // Bearer
	FieldUsername     = "USERNAME"      // Basic; falls back to the integration's username
	FieldPassword     = "PASSWORD"      // Basic
	FieldAPIKey       = "API_KEY"       // API Key
)

// EnvPrefix is HALORB_<INTEGRATION>_: the integration name upper-cased, each
// run of characters other than ASCII letters and digits replaced by one '_',
// with no '_' at either end ("HaloPSA" → HALORB_HALOPSA_, "Immy Bot (EU)" →
// HALORB_IMMY_BOT_EU_).
func EnvPrefix(integration string) string {
	var b strings.Builder
	b.WriteString("HALORB_")
	gap := false
	for _, c := range strings.ToUpper(integration) {
		if (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') {
			if gap && b.Len() > len("HALORB_") {
				b.WriteByte('_')
			}
			gap = false
			b.WriteRune(c)
			continue
		}
		gap = true
	}
	b.WriteByte('_')
	return b.String()
}

// EnvVar is the environment variable holding one credential field of an
// integration, e.g. EnvVar("HaloPSA", FieldClientSecret) =
// "HALORB_HALOPSA_CLIENT_SECRET".
func EnvVar(integration, field string) string { return EnvPrefix(integration) + field }

// authorizer makes the credential of an integration for one request,
// bound to the origin the request goes to (the transport adds it there and
// nowhere else). A nil credential sends none.
type authorizer interface {
	credential(ctx context.Context, r *recorder, origin string) (*transport.Credential, error)
}

type authKey struct {
	ig int
	t  runbook.AuthType
}

// authorizer returns the authorizer for a method of integration ig with
// authorization type t (-1 inherits the integration's), building it once per
// integration and type so a token is fetched once and a problem is reported
// once. It is nil when a problem was reported.
func (r *recorder) authorizer(p *plan, ig int, t runbook.AuthType) authorizer {
	in := r.opt.Integrations[ig]
	if t == runbook.AuthInherit {
		t = in.AuthorizationType
	}
	key := authKey{ig, t}
	if a, ok := r.auths[key]; ok {
		return a
	}
	a := r.newAuthorizer(p, ig, t)
	r.auths[key] = a
	return a
}

func (r *recorder) newAuthorizer(p *plan, ig int, t runbook.AuthType) authorizer {
	in := r.opt.Integrations[ig]
	file := r.integrationFile(ig)
	var missing []string
	need := func(field, fallback, hint string) string {
		if v, ok := r.opt.Env(EnvVar(in.Name, field)); ok && v != "" {
			return v
		}
		if fallback != "" {
			return fallback
		}
		missing = append(missing, EnvVar(in.Name, field)+hint)
		return ""
	}
	secret := func(field string) string {
		v := need(field, "", "")
		r.secrets.Add(v)
		return v
	}
	var a authorizer
	var how string
	switch t {
	case runbook.AuthNone:
		return noAuth{}
	case runbook.AuthAPIKey:
		how = "an API key"
		header := strings.TrimSpace(in.HeaderName)
		if header == "" {
			header = "X-API-Key" // Halo's default header name is not documented (docs/assumptions.md RC4)
		}
		a = headerAuth{name: header, value: secret(FieldAPIKey)}
	case runbook.AuthBearer:
		how = "a bearer token"
		a = headerAuth{name: "Authorization", value: bearerPrefix(in, "Bearer") + " " + secret(FieldToken)}
	case runbook.AuthBasic:
		how = "Basic authentication"
		user := need(FieldUsername, in.Username, " (or fill username in the integration)")
		a = basicAuth{user: user, password: secret(FieldPassword)}
		r.secrets.AddBasic(user, a.(basicAuth).password)
	case runbook.AuthOAuth2:
		if in.GrantType != runbook.GrantClientCredentials {
			r.problem(&p.problems, file, "/granttype", RuleAuth,
				"%s uses the OAuth2 grant %q; record can only use client credentials (granttype 0), since the other grants need a person to sign in",
				in.Name, in.GrantType.String())
			return nil
		}
		how = "OAuth2 client credentials"
		tu, err := url.Parse(in.TokenURL)
		if strings.TrimSpace(in.TokenURL) == "" || err != nil || (tu.Scheme != "http" && tu.Scheme != "https") || tu.Host == "" {
			r.problem(&p.problems, file, "/tokenurl", RuleAuth,
				"%s uses OAuth2 client credentials but its tokenurl %q is not an absolute http(s) URL", in.Name, in.TokenURL)
			return nil
		}
		id := need(FieldClientID, in.ClientID, " (or fill client_id in the integration)")
		// A token endpoint's error may quote the client id; it is shown nowhere.
		r.secrets.Add(id)
		a = &oauthAuth{
			integration: in.Name,
			display:     tu.Redacted(),
			prefix:      bearerPrefix(in, ""),
			cfg: clientcredentials.Config{
				ClientID:     id,
				ClientSecret: secret(FieldClientSecret),
				TokenURL:     in.TokenURL,
				Scopes:       strings.Fields(in.Scope),
				// Halo and Entra both document the credentials in the form
				// body; auto-detection would first try (and fail) Basic.
				AuthStyle: oauth2.AuthStyleInParams,
			},
		}
	default:
		r.problem(&p.problems, file, "/authorizationtype", RuleAuth,
			"%s uses %s authorization, which record does not support (it supports None, API Key, Bearer, Basic and OAuth2 client credentials)",
			in.Name, t.String())
		return nil
	}
	if len(missing) > 0 {
		list := missing[0]
		if len(missing) > 1 {
			list = strings.Join(missing[:len(missing)-1], ", ") + " and " + missing[len(missing)-1]
		}
		noun := "variable"
		if len(missing) > 1 {
			noun = "variables"
		}
		r.problem(&p.problems, file, "/authorizationtype", RuleCredentials,
			"%s authenticates with %s: set the environment %s %s", in.Name, how, noun, list)
		return nil
	}
	return a
}

// bearerPrefix is the word before the token in the Authorization header: the
// integration's headerprefix, else its bearername, else def ("" lets the
// token's own type decide). bearerlocation is taken to mean the header
// (docs/assumptions.md RC4).
func bearerPrefix(in *runbook.Integration, def string) string {
	if p := strings.TrimSpace(in.HeaderPrefix); p != "" {
		return p
	}
	if p := strings.TrimSpace(in.BearerName); p != "" {
		return p
	}
	return def
}

type noAuth struct{}

func (noAuth) credential(context.Context, *recorder, string) (*transport.Credential, error) {
	return nil, nil
}

type headerAuth struct{ name, value string }

func (a headerAuth) credential(_ context.Context, _ *recorder, origin string) (*transport.Credential, error) {
	return &transport.Credential{Origin: origin, Apply: func(req *http.Request) error {
		req.Header.Set(a.name, a.value)
		return nil
	}}, nil
}

type basicAuth struct{ user, password string }

func (a basicAuth) credential(_ context.Context, _ *recorder, origin string) (*transport.Credential, error) {
	return &transport.Credential{Origin: origin, Apply: func(req *http.Request) error {
		req.SetBasicAuth(a.user, a.password)
		return nil
	}}, nil
}

// oauthAuth fetches a client-credentials token once and reuses it while it
// is valid.
type oauthAuth struct {
	integration string
	display     string // token URL without credentials
	prefix      string
	cfg         clientcredentials.Config
	tok         *oauth2.Token
}

func (a *oauthAuth) credential(ctx context.Context, r *recorder, origin string) (*transport.Credential, error) {
	tok, err := a.token(ctx, r)
	if err != nil {
		return nil, err
	}
	prefix := a.prefix
	if prefix == "" {
		prefix = tok.Type()
	}
	return &transport.Credential{Origin: origin, Apply: func(req *http.Request) error {
		req.Header.Set("Authorization", prefix+" "+tok.AccessToken)
		return nil
	}}, nil
}

// token requests a token through the recording's HTTP client, retrying once
// on 429 or 5xx as API calls do.
func (a *oauthAuth) token(ctx context.Context, r *recorder) (*oauth2.Token, error) {
	if a.tok != nil && a.tok.Valid() {
		return a.tok, nil
	}
	what := a.integration + " token request"
	for attempt := 1; ; attempt++ {
		start := time.Now()
		tctx, cancel := context.WithTimeout(context.WithValue(ctx, oauth2.HTTPClient, r.client), r.opt.Timeout)
		tok, err := a.cfg.Token(tctx)
		cancel()
		if err == nil {
			r.secrets.Add(tok.AccessToken)
			r.secrets.Add(tok.RefreshToken)
			r.progress("%s: POST %s → token received (%s)", what, a.display, millis(time.Since(start)))
			a.tok = tok
			return tok, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		var re *oauth2.RetrieveError
		if !errors.As(err, &re) || re.Response == nil {
			return nil, &CallError{What: what, Verb: "POST", URL: a.display, Err: r.secrets.ScrubErr(networkErr(err, r.opt.Timeout))}
		}
		status := re.Response.StatusCode
		if attempt == 1 && transport.Retryable(status) {
			wait, why := retryAfter(re.Response.Header, r.now())
			r.progress("%s: POST %s → %d, retrying in %s (%s)", what, a.display, status, wait, why)
			if err := r.opt.Sleep(ctx, wait); err != nil {
				return nil, err
			}
			continue
		}
		return nil, &CallError{What: what, Verb: "POST", URL: a.display, Status: status, Body: r.excerpt(re.Body)}
	}
}
