package runbook

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSQLSubstitutionPastesAndParses(t *testing.T) {
	v := `O'Brien "Q" \ Ltd ''`
	assert.Equal(t, v, SQLRaw.Paste(v), "raw pastes the value unchanged")
	assert.Equal(t, v, SQLSubstitution("").Paste(v), "not stated behaves as raw")
	assert.Equal(t, `O''Brien "Q" \ Ltd ''''`, SQLEscaped.Paste(v), "escaped doubles every ' and nothing else")
	assert.Equal(t, `N'it''s'`, SQLStringLiteral("it's"))

	assert.Equal(t, SQLEscaped, SQLSubstitution("").Or(SQLEscaped))
	assert.Equal(t, SQLRaw, SQLRaw.Or(SQLEscaped))
	assert.False(t, SQLRaw.Escapes())
	assert.False(t, SQLSubstitution("").Escapes())
	assert.True(t, SQLEscaped.Escapes())
	assert.Equal(t, []string{"raw", "escaped"}, SQLSubstitutionNames())

	for _, s := range SQLSubstitutionNames() {
		got, err := ParseSQLSubstitution(s)
		require.NoError(t, err)
		assert.Equal(t, s, string(got))
	}
	for in, msg := range map[string]string{
		"escape": `"escape" is not one of raw, escaped; did you mean "escaped"?`,
		"Raw":    `"Raw" is not one of raw, escaped; did you mean "raw"?`,
		"":       `"" is not one of raw, escaped`,
		"double": `"double" is not one of raw, escaped`,
	} {
		_, err := ParseSQLSubstitution(in)
		require.Error(t, err, in)
		assert.Equal(t, msg, err.Error())
	}
}
