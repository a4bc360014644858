package tsql

import "sort"

// A Binding is what a statement reads, found by binding its names without
// running it: the tables it names and the columns it reads from them.
type Binding struct {
	// Tables are the tables the statement names, once each (compared by
	// the collation), in the order they are first named.
	Tables []TableUse
	// Columns are the statement's column references that no other source
	// (OPENJSON, STRING_SPLIT, a derived table) provides, in source order.
	Columns []ColumnUse
}

// A TableUse is a table the statement names.
type TableUse struct {
	Name   string // as first written, without a "dbo." schema
	Offset int    // byte offset of its first mention, 0-based
	Star   bool   // * or alias.* reads every column it has
}

// A ColumnUse is one column reference bound to a table.
type ColumnUse struct {
	// Table is the table the column belongs to: the one its qualifier
	// names, else the one table of its query (or of the nearest enclosing
	// query) that could hold it. It is "" when several tables could.
	Table  string
	Name   string // as written, without its qualifier
	Offset int    // byte offset of the reference (its qualifier, if any)
}

// ColumnsOf lists the distinct columns the statement reads from table (by
// the collation), in the order the source first mentions them.
func (b *Binding) ColumnsOf(table string) []string {
	var out []string
	for _, c := range b.Columns {
		if c.Table == "" || !equalIdent(c.Table, table) {
			continue
		}
		dup := false
		for _, prev := range out {
			if equalIdent(prev, c.Name) {
				dup = true
				break
			}
		}
		if !dup {
			out = append(out, c.Name)
		}
	}
	return out
}

// Bind binds stmt's names as Exec would before running it, but with every
// table open: any table named exists, with whatever columns the statement
// reads from it. It reports what SQL Server would reject whatever the
// tables hold (an unknown function, an ungrouped column, a column no
// source can hold because every source's columns are known, a schema
// other than dbo) as a *RuntimeError, and constructs outside the subset
// as an *UnsupportedError; with an error, the Binding holds what was bound
// before it. Nothing is evaluated.
//
// A fixture generator uses it to learn the tables a statement needs and
// the columns to give them.
func Bind(stmt *Statement) (*Binding, error) {
	b := &binder{cols: map[*columnNode]bool{}, shared: map[string]int{}}
	c := &compiler{db: NewDB(), bind: b}
	_, err := c.compileQuery(stmt.query, nil, false)
	sort.SliceStable(b.out.Columns, func(i, j int) bool { return b.out.Columns[i].Offset < b.out.Columns[j].Offset })
	return &b.out, err
}

// binder collects a Binding while the compiler runs in Bind's mode.
type binder struct {
	out    Binding
	tables []*openTable
	cols   map[*columnNode]bool // references already recorded: GROUP BY matching binds some twice
	shared map[string]int       // slots of columns no single table owns, by collation key
}

// openTable stands for a table under Bind: a row source that is never
// scanned. index is its entry in Binding.Tables.
type openTable struct {
	index int
	slots map[string]int // column slots by collation key
}

func (*openTable) scan(*execState, *frame, func([]Value) error) error {
	panic("tsql: a bound-only statement was run")
}

func (b *binder) table(t *tableRef) *openTable {
	for _, ot := range b.tables {
		if equalIdent(b.out.Tables[ot.index].Name, t.name) {
			return ot
		}
	}
	ot := &openTable{index: len(b.tables), slots: map[string]int{}}
	b.tables = append(b.tables, ot)
	b.out.Tables = append(b.out.Tables, TableUse{Name: t.name, Offset: t.pos})
	return ot
}

// star records that * reads every column of ot.
func (b *binder) star(ot *openTable) { b.out.Tables[ot.index].Star = true }

// column records ref as read from owner (nil: no single table) and returns
// a slot that stands for it, the same for every spelling of one column so
// that GROUP BY matching works. Slots are negative: they never index a row.
func (b *binder) column(ref *columnNode, owner *openTable, up int) expr {
	key := collationKey(ref.name)
	slots := b.shared
	base := 0
	if owner != nil {
		slots, base = owner.slots, (owner.index+1)<<20
	}
	n, ok := slots[key]
	if !ok {
		n = len(slots)
		slots[key] = n
	}
	if !b.cols[ref] {
		b.cols[ref] = true
		use := ColumnUse{Name: ref.name, Offset: ref.pos}
		if owner != nil {
			use.Table = b.out.Tables[owner.index].Name
		}
		b.out.Columns = append(b.out.Columns, use)
	}
	return &colExpr{up: up, idx: -1 - base - n}
}
