package halosync

import (
	"context"
	"errors"
	"net/url"

	"github.com/halorb/halorb/runbook/haloapi"
	"github.com/halorb/halorb/runbook/jsonx"
)

// CreateRunbook creates doc on the tenant as "Import from JSON" would (the
// import transform, reference §2.4), for callers other than push that make
// a runbook of their own (probe --run), and returns the new runbook's guid.
// doc is not changed.
func CreateRunbook(ctx context.Context, c *haloapi.Client, doc *jsonx.Value) (string, error) {
	body := jsonx.Clone(doc)
	body.Delete("id")
	importTransform(body)
	saved, err := c.Create(ctx, "/Webhook", jsonx.NewArray(body))
	if err != nil {
		return "", err
	}
	id := savedID(saved)
	if id == "" {
		return "", errors.New("the tenant created the runbook but did not say its id: look for it in Integration Runbooks and delete it by hand")
	}
	return id, nil
}

// RunbookRows lists the tenant's runbooks (the list rows: id and name, no
// steps).
func RunbookRows(ctx context.Context, c *haloapi.Client) ([]*jsonx.Value, error) {
	return c.List(ctx, "/Webhook", listRunbooks)
}

// DeleteRunbook deletes runbook id and confirms it is gone with a GET that
// answers 404.
func DeleteRunbook(ctx context.Context, c *haloapi.Client, id string) error {
	if err := c.Delete(ctx, "/Webhook/"+url.PathEscape(id)); err != nil && !haloapi.NotFound(err) {
		return err
	}
	if _, err := c.Get(ctx, "/Webhook/"+url.PathEscape(id), nil); err == nil {
		return errors.New("runbook " + id + " still answers after its delete")
	} else if !haloapi.NotFound(err) {
		return err
	}
	return nil
}
