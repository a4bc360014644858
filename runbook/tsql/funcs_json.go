package tsql

// JSON functions: JSON_VALUE, JSON_QUERY, ISJSON over json.go.

// jsonArg checks that the document argument is a string.
func jsonArg(v Value, fn string) (Value, error) {
	if v.kind != KindString {
		return Value{}, runtimeErrorf("Argument data type %s is invalid for argument 1 of %s function.", v.typeName(), fn)
	}
	return v, nil
}

func fnJSONValue(st *execState, a []Value) (Value, error) {
	doc, err := jsonArg(a[0], "json_value")
	if err != nil {
		return Value{}, err
	}
	return jsonValue(st, doc, stringArg(a[1]).s)
}

func fnJSONQuery(st *execState, a []Value) (Value, error) {
	doc, err := jsonArg(a[0], "json_query")
	if err != nil {
		return Value{}, err
	}
	path := "$"
	if len(a) == 2 {
		path = stringArg(a[1]).s
	}
	return jsonQuery(st, doc, path)
}

func fnIsJSON(_ *execState, a []Value) (Value, error) {
	doc, err := jsonArg(a[0], "isjson")
	if err != nil {
		return Value{}, err
	}
	constraint := ""
	if len(a) == 2 {
		constraint = stringArg(a[1]).s
	}
	return isJSON(doc.s, constraint)
}
