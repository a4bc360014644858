package lint

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Free text is named as text; ids, numbers, dates, flags and names are not
// (assumption L19).
func TestTextNames(t *testing.T) {
	for _, n := range []string{"details", "details_html", "summary", "note_html", "web_search_response", "issue_details", "AzureOpenAITicket Type Reply", "ProjectTaskDetails"} {
		assert.True(t, textName(n), n)
	}
	for _, n := range []string{"id", "client_id", "ticketid", "dateoccurred", "client_name", "is_summary", "hasNotes", "summary_count", "note_date", "EnableDrafts", "name"} {
		assert.False(t, textName(n), n)
	}
}
