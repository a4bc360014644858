package sim

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/halorb/halorb/runbook"
	"github.com/halorb/halorb/runbook/expr"
	"github.com/halorb/halorb/runbook/jsonx"
	"github.com/halorb/halorb/runbook/tsql"
)

// condition evaluates a condition step: its criteria AND-ed, no criteria
// met. Only the fieldname side is substituted; the value side is literal.
func (m *machine) condition(step *runbook.Step) (stepResult, error) {
	for i := range step.StepConditions {
		c := &step.StepConditions[i]
		field, err := m.conditionField(c)
		if err == errPlainFieldName {
			return stepResult{outcome: fmt.Sprintf("not met: criterion %d fieldname %q is not a <<token>>", i+1, c.FieldName), seq: 2}, nil
		}
		if err != nil {
			return failed(0, fmt.Sprintf("criterion %d: %v", i+1, err)), nil
		}
		met, err := Evaluate(c, field)
		if err != nil {
			return stepResult{}, failCase("step %d %q criterion %d: %v", step.StepID, step.Name, i+1, err)
		}
		if !met {
			return stepResult{outcome: "not met: " + describeCriterion(c, field), seq: 2}, nil
		}
	}
	if len(step.StepConditions) == 0 {
		return stepResult{outcome: "met (no criteria)", seq: 1}, nil
	}
	return stepResult{outcome: "met", seq: 1}, nil
}

// conditionField is the text a criterion tests. A runbookvariable criterion
// substitutes its fieldname, where a variable that was never set reads as
// empty (Halo's "Has a value" is then not met: the HC mapping probe's control
// leg); any other table reads the column of the ticket context.
func (m *machine) conditionField(c *runbook.Criterion) (string, error) {
	if c.TableName != "" && c.TableName != "runbookvariable" {
		return m.ticketColumn(c.TableName, c.FieldName)
	}
	toks, err := expr.ScanTokens(c.FieldName)
	if err != nil {
		return "", err
	}
	if len(toks) == 0 {
		// Probed: a runbookvariable criterion whose fieldname is a plain
		// name, not <<var>>, routes every run to "not met".
		return "", errPlainFieldName
	}
	e := env{m: m}
	if len(toks) == 1 && toks[0].Start == 0 && toks[0].End == len(c.FieldName) {
		// The usual <<var>>: no copy of what may be a very large value.
		if _, set := e.Lookup(toks[0].Path.Root); !set && !runbook.IsContextRoot(toks[0].Path.Root) {
			return "", nil
		}
		v, err := m.substitute(c.FieldName, e)
		if err != nil {
			return "", err
		}
		return conditionText(v), nil
	}
	var b strings.Builder
	last := 0
	for _, t := range toks {
		b.WriteString(c.FieldName[last:t.Start])
		last = t.End
		if _, set := e.Lookup(t.Path.Root); !set && !runbook.IsContextRoot(t.Path.Root) {
			continue // never set: reads as empty
		}
		v, err := m.substitute(t.Source(c.FieldName), e)
		if err != nil {
			return "", err
		}
		b.WriteString(v)
	}
	b.WriteString(c.FieldName[last:])
	return conditionText(b.String()), nil
}

// errPlainFieldName marks a runbookvariable criterion without a token.
var errPlainFieldName = fmt.Errorf("plain fieldname")

// ticketColumn reads a faults (ticket) column from the ticket context.
func (m *machine) ticketColumn(table, column string) (string, error) {
	if m.fx.Context.Ticket == nil {
		return "", fmt.Errorf("the criterion reads %s column %q, which needs the fixture's context.ticket", table, column)
	}
	t := m.fx.Context.Ticket
	if t.Lazy {
		full, err := jsonx.Materialize(t)
		if err != nil {
			return "", err
		}
		t = full
	}
	v, ok := t.Get(column)
	if !ok {
		for _, mem := range t.Members {
			if tsql.EqualFold(mem.Key, column) {
				v, ok = mem.Value, true
				break
			}
		}
	}
	if !ok {
		return "", fmt.Errorf("the fixture's context.ticket has no %q (the %s column the criterion reads)", column, table)
	}
	if v.Kind == jsonx.String {
		return v.Text, nil
	}
	return jsonx.Compact(v), nil
}

// conditionText reads a variable's text as the value Halo holds: a JSON
// string literal (a variable set from a path without '!') compares as its
// characters.
func conditionText(s string) string {
	t := strings.TrimSpace(s)
	if len(t) >= 2 && t[0] == '"' && t[len(t)-1] == '"' {
		if u, err := jsonx.Unquote([]byte(t)); err == nil && jsonx.Valid([]byte(t)) == nil {
			return u
		}
	}
	return s
}

// Evaluate decides one criterion for the field's text. Decisions
// (docs/assumptions.md): text compares case-insensitively; Greater/Less
// compare numbers and non-numeric text is not met; with value_type "Array"
// they compare the array's length, so type 5 with value_int 0 is "has
// elements"; Includes matches the field against a comma-separated set,
// strictly; Has a value is non-empty after trimming and not null, "" or [];
// an operator Halo's UI does not list is an error.
func Evaluate(c *runbook.Criterion, field string) (bool, error) {
	if c.FieldName != "" && c.TableName == "runbookvariable" && !strings.Contains(c.FieldName, "<<") {
		return false, nil
	}
	lit := literal(c)
	switch c.Type {
	case runbook.OpAnyValue:
		return true, nil
	case runbook.OpHasValue:
		return hasValue(field), nil
	case runbook.OpNoValue:
		return !hasValue(field), nil
	case runbook.OpEqual:
		return equalText(field, lit), nil
	case runbook.OpNotEqual:
		return !equalText(field, lit), nil
	case runbook.OpContains:
		return tsql.ContainsFold(field, lit), nil
	case runbook.OpNotContains:
		return !tsql.ContainsFold(field, lit), nil
	case runbook.OpGreater, runbook.OpGreaterOrEqual, runbook.OpLess, runbook.OpLessOrEqual:
		a, b, ok := numbers(c, field, lit)
		if !ok {
			return false, nil
		}
		switch c.Type {
		case runbook.OpGreater:
			return a > b, nil
		case runbook.OpGreaterOrEqual:
			return a >= b, nil
		case runbook.OpLess:
			return a < b, nil
		}
		return a <= b, nil
	case runbook.OpIncludes:
		return inSet(field, c.ValueString), nil
	case runbook.OpNotIncludes:
		return !inSet(field, c.ValueString), nil
	}
	return false, fmt.Errorf("unknown condition operator (type) %d: the simulator knows %s", int(c.Type), knownOperators())
}

func knownOperators() string {
	ops := []runbook.CriterionType{runbook.OpEqual, runbook.OpNotEqual, runbook.OpContains, runbook.OpNotContains,
		runbook.OpGreater, runbook.OpGreaterOrEqual, runbook.OpLess, runbook.OpLessOrEqual, runbook.OpIncludes,
		runbook.OpNotIncludes, runbook.OpHasValue, runbook.OpNoValue, runbook.OpAnyValue}
	parts := make([]string, len(ops))
	for i, o := range ops {
		parts[i] = fmt.Sprintf("%d %s", int(o), o)
	}
	return strings.Join(parts, ", ")
}

// literal is the criterion's value side, by its value_type.
func literal(c *runbook.Criterion) string {
	switch strings.ToLower(c.ValueType) {
	case "array", "int", "integer", "bool", "boolean":
		return strconv.Itoa(c.ValueInt)
	case "float", "decimal", "double":
		if c.ValueFloat != nil {
			return strconv.FormatFloat(*c.ValueFloat, 'g', -1, 64)
		}
		return strconv.Itoa(c.ValueInt)
	case "datetime", "date":
		if c.ValueDatetime != nil {
			return *c.ValueDatetime
		}
	}
	return c.ValueString
}

func hasValue(s string) bool {
	t := strings.TrimSpace(s)
	switch t {
	case "", "null", `""`:
		return false
	}
	if strings.HasPrefix(t, "[") && strings.HasSuffix(t, "]") && strings.TrimSpace(t[1:len(t)-1]) == "" {
		return false
	}
	return true
}

// equalText compares numbers as numbers, anything else case-insensitively
// by the SQL collation's case mapping (Halo runs on SQL Server; UNVERIFIED).
func equalText(a, b string) bool {
	if x, err1 := strconv.ParseFloat(strings.TrimSpace(a), 64); err1 == nil {
		if y, err2 := strconv.ParseFloat(strings.TrimSpace(b), 64); err2 == nil {
			return x == y
		}
	}
	return tsql.EqualFold(a, b)
}

// numbers gives the two sides of an ordering comparison: the array length
// for value_type Array, else the parsed numbers.
func numbers(c *runbook.Criterion, field, lit string) (float64, float64, bool) {
	b, err := strconv.ParseFloat(strings.TrimSpace(lit), 64)
	if err != nil {
		return 0, 0, false
	}
	if strings.EqualFold(c.ValueType, "array") {
		elems, err := arrayElems(field)
		if err != nil {
			return 0, 0, false
		}
		return float64(len(elems)), b, true
	}
	a, err := strconv.ParseFloat(strings.TrimSpace(field), 64)
	if err != nil {
		return 0, 0, false
	}
	return a, b, true
}

// inSet matches the field against a comma-separated set: items trimmed,
// case-insensitive, whole items only ("xy" does not match "x").
func inSet(field, set string) bool {
	f := strings.TrimSpace(field)
	for _, item := range strings.Split(set, ",") {
		if tsql.EqualFold(strings.TrimSpace(item), f) {
			return true
		}
	}
	return false
}

// describeCriterion explains a criterion that was not met.
func describeCriterion(c *runbook.Criterion, field string) string {
	name := c.FieldName
	if c.TableName != "" && c.TableName != "runbookvariable" {
		name = c.TableName + "." + c.FieldName
	}
	op := c.Type.String()
	switch c.Type {
	case runbook.OpHasValue, runbook.OpNoValue, runbook.OpAnyValue:
	case runbook.OpIncludes, runbook.OpNotIncludes:
		op += " " + strconv.Quote(c.ValueString)
	default:
		op += " " + strconv.Quote(literal(c))
	}
	return fmt.Sprintf("%s %s (got %s)", name, op, short(field, 60))
}
