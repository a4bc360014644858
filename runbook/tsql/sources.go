package tsql

import (
	"strconv"
	"strings"
)

// rowSource produces the rows of one FROM item. f is the frame its
// expressions see (for APPLY, the row of the sources on its left).
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
	target, found, err := locateJSON(doc, jp.steps, true)
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
		return s.defaultRows(doc, target, emit)
	}
	if target.kind == jsonObject {
		row, err := s.withRow(doc[target.start:target.end])
		if err != nil {
			return err
		}
		return emit(row)
	}
	return eachElement(doc, target, func(_ int, el jsonSpan) error {
		row, err := s.withRow(doc[el.start:el.end])
		if err != nil {
			return err
		}
		return emit(row)
	})
}

// defaultRows produces the key, value and type columns.
func (s *openJSONScan) defaultRows(doc string, target jsonSpan, emit func([]Value) error) error {
	row := func(key string, v jsonSpan) []Value {
		var value Value
		switch v.kind {
		case jsonArray, jsonObject:
			value = stringValue(doc[v.start:v.end], flagMax)
		default:
			if t, ok := scalarText(doc, v); ok {
				value = stringValue(t, flagMax)
			}
		}
		return []Value{nvarchar(key), value, intValue(int64(v.kind))}
	}
	if target.kind == jsonObject {
		return eachMember(doc, target, func(key string, v jsonSpan) error {
			return emit(row(key, v))
		})
	}
	return eachElement(doc, target, func(i int, v jsonSpan) error {
		return emit(row(strconv.Itoa(i), v))
	})
}

// withRow evaluates the WITH columns against one element's text.
func (s *openJSONScan) withRow(el string) ([]Value, error) {
	row := make([]Value, len(s.with))
	for i, c := range s.with {
		sp, found, err := locateJSON(el, c.path.steps, false)
		if err != nil {
			return nil, err
		}
		if !found {
			if c.path.strict {
				return nil, runtimeErrorf("Property cannot be found on the specified JSON path.")
			}
			continue
		}
		container := sp.kind == jsonArray || sp.kind == jsonObject
		if c.asJSON {
			if container {
				row[i] = stringValue(el[sp.start:sp.end], flagMax)
			} else if c.path.strict {
				return nil, runtimeErrorf("Object or array cannot be found in the specified JSON path.")
			}
			continue
		}
		if container {
			if c.path.strict {
				return nil, runtimeErrorf("Scalar value cannot be found in the specified JSON path.")
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
		} else if v, err = castValue(v, c.typ, -1); err != nil {
			return nil, err
		}
		row[i] = v
	}
	return row, nil
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
