package tsql

import (
	"strconv"
	"strings"
)

// rowSource produces the rows of one FROM item. f is the frame its
// expressions see (for APPLY, the row of the sources on its left). emit
// must not keep the row slice: a source may reuse it for the next row.
type rowSource interface {
	scan(st *execState, f *frame, emit func(row []Value) error) error
}

type tableScan struct{ t *table }

func (s *tableScan) scan(_ *execState, _ *frame, emit func([]Value) error) error {
	for _, row := range s.t.rows {
		if err := emit(row); err != nil {
			return err
		}
	}
	return nil
}

type derivedScan struct{ pl *plan }

func (s *derivedScan) scan(st *execState, f *frame, emit func([]Value) error) error {
	return s.pl.run(st, f, emit)
}

// openJSONScan is OPENJSON(json [, path]) [WITH (...)].
type openJSONScan struct {
	json, path expr
	with       []openJSONColumn
}

type openJSONColumn struct {
	typ    sqlType
	path   jsonPath
	asJSON bool
}

func (s *openJSONScan) scan(st *execState, f *frame, emit func([]Value) error) error {
	jv, err := s.json.eval(st, f)
	if err != nil {
		return err
	}
	if jv.kind == KindNull {
		return nil
	}
	if jv.kind != KindString {
		return runtimeErrorf("Argument data type %s is invalid for argument 1 of openjson function.", jv.typeName())
	}
	path := "$"
	if s.path != nil {
		pv, err := s.path.eval(st, f)
		if err != nil {
			return err
		}
		if pv.kind == KindNull {
			return nil
		}
		if pv, err = implicitTo(pv, KindString); err != nil {
			return err
		}
		path = pv.s
	}
	jp, err := st.jsonPath(path)
	if err != nil {
		return err
	}
	doc := jv.s
	target, found, elems, err := locateElements(doc, jp.steps)
	if err != nil {
		return err
	}
	if !found {
		if jp.strict {
			return runtimeErrorf("Property cannot be found on the specified JSON path.")
		}
		return nil
	}
	if target.kind != jsonArray && target.kind != jsonObject {
		if jp.strict {
			return runtimeErrorf("Object or array cannot be found in the specified JSON path.")
		}
		return nil
	}
	if s.with == nil {
		return s.defaultRows(doc, target, elems, emit)
	}
	row := make([]Value, len(s.with)) // every element's, in turn
	if target.kind == jsonObject {
		if err := s.withRow(st, row, doc[target.start:target.end]); err != nil {
			return err
		}
		return emit(row)
	}
	return eachRecorded(doc, target, elems, func(_ int, el jsonSpan) error {
		if err := s.withRow(st, row, doc[el.start:el.end]); err != nil {
			return err
		}
		return emit(row)
	})
}

// defaultRows produces the key, value and type columns.
func (s *openJSONScan) defaultRows(doc string, target jsonSpan, elems []elemSpan, emit func([]Value) error) error {
	buf := make([]Value, 3) // every member's, in turn
	row := func(key string, v jsonSpan) []Value {
		var value Value
		switch v.kind {
		case jsonArray, jsonObject:
			value = jsonText(doc[v.start:v.end])
		default:
			if t, ok := scalarText(doc, v); ok {
				value = stringValue(t, flagMax)
			}
		}
		buf[0], buf[1], buf[2] = nvarchar(key), value, intValue(int64(v.kind))
		return buf
	}
	if target.kind == jsonObject {
		return eachMember(doc, target, func(key string, v jsonSpan) error {
			return emit(row(key, v))
		})
	}
	return eachRecorded(doc, target, elems, func(i int, v jsonSpan) error {
		return emit(row(strconv.Itoa(i), v))
	})
}

// withRow evaluates the WITH columns against one element's text into row.
func (s *openJSONScan) withRow(st *execState, row []Value, el string) error {
	for i, c := range s.with {
		row[i] = Value{}
		var sp jsonSpan
		found := false
		if st.plain {
			var err error
			if sp, found, err = locateJSON(el, c.path.steps, false); err != nil {
				return err
			}
		} else {
			sp, found = locateValid(el, c.path.steps) // scan validated the document
		}
		if !found {
			if c.path.strict {
				return runtimeErrorf("Property cannot be found on the specified JSON path.")
			}
			continue
		}
		container := sp.kind == jsonArray || sp.kind == jsonObject
		if c.asJSON {
			if container {
				row[i] = jsonText(el[sp.start:sp.end])
			} else if c.path.strict {
				return runtimeErrorf("Object or array cannot be found in the specified JSON path.")
			}
			continue
		}
		if container {
			if c.path.strict {
				return runtimeErrorf("Scalar value cannot be found in the specified JSON path.")
			}
			continue
		}
		text, ok := scalarText(el, sp)
		if !ok {
			continue
		}
		v := nvarchar(text)
		if sp.kind == jsonBool && c.typ.kind == KindBit {
			v = boolBit(text == "true")
		} else {
			var err error
			if v, err = castValue(v, c.typ, -1); err != nil {
				return err
			}
		}
		row[i] = v
	}
	return nil
}

// stringSplitScan is STRING_SPLIT(string, separator [, enable_ordinal]).
type stringSplitScan struct {
	str, sep expr
	ordinal  bool
}

func (s *stringSplitScan) scan(st *execState, f *frame, emit func([]Value) error) error {
	v, err := s.str.eval(st, f)
	if err != nil {
		return err
	}
	sep, err := s.sep.eval(st, f)
	if err != nil {
		return err
	}
	if sep.kind != KindNull {
		if sep, err = implicitTo(sep, KindString); err != nil {
			return err
		}
	}
	if sep.kind == KindNull || len([]rune(sep.s)) != 1 {
		return runtimeErrorf("Procedure expects parameter 'separator' of type 'nchar(1)/nvarchar(1)'.")
	}
	if v.kind == KindNull {
		return nil
	}
	if v, err = implicitTo(v, KindString); err != nil {
		return err
	}
	for i, part := range strings.Split(v.s, sep.s) {
		row := []Value{stringValue(part, v.flags)}
		if s.ordinal {
			row = append(row, bigintValue(int64(i+1)))
		}
		if err := emit(row); err != nil {
			return err
		}
	}
	return nil
}
