package simtest

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestEdgesPairsSeqWithEndStep(t *testing.T) {
	assert.Equal(t, `[{"seq":1,"end_step":4},{"seq":2,"end_step":-98}]`, Edges(1, 4, 2, -98))
	assert.Equal(t, `[]`, Edges())
	assert.Equal(t, `[{"seq":1,"end_step":2}]`, Edges(1, 2, 3), "an unpaired last number is left out")
}

func TestHelpersDecodeWhatTheyAreGiven(t *testing.T) {
	rb := Runbook(t, `{"name":"R","steps":[`+EndOK+`,`+EndFail+`]}`)
	assert.Equal(t, "R", rb.Name)
	assert.Len(t, rb.Steps, 2)
	fx := Fixture(t, `{"budget": 7}`)
	assert.Equal(t, 7, fx.Budget)
}
