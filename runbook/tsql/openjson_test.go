package tsql

import (
	"strings"
	"testing"
)

func TestOpenJSON(t *testing.T) {
	db := testDB(t)
	runCases(t, db, []sqlCase{
		{name: "array: key, value, type", sql: `SELECT * FROM OPENJSON(N'["a", 1, 1.50, true, null, {"x": [1, 2]}, [ ]]')`,
			want: `[{"key":"0","value":"a","type":1},{"key":"1","value":"1","type":2},{"key":"2","value":"1.50","type":2},{"key":"3","value":"true","type":3},{"key":"4","value":null,"type":0},{"key":"5","value":"{\"x\": [1, 2]}","type":5},{"key":"6","value":"[ ]","type":4}]`},
		{name: "object members", sql: `SELECT [key], value, type FROM OPENJSON('{"a":"x\"y","b\u00e9":false}')`,
			want: `[{"key":"a","value":"x\"y","type":1},{"key":"bé","value":"false","type":3}]`},
		{name: "path", sql: `SELECT value FROM OPENJSON('{"d":{"list":[10,20]}}', '$.d.list')`, want: `[{"value":"10"},{"value":"20"}]`},
		{name: "lax missing path", sql: `SELECT value FROM OPENJSON('{"a":1}', 'lax $.b')`, want: `[]`},
		{name: "strict missing path", sql: `SELECT value FROM OPENJSON('{"a":1}', 'strict $.b')`, err: "runtime: Property cannot be found on the specified JSON path."},
		{name: "path to a scalar", sql: `SELECT value FROM OPENJSON('{"a":1}', '$.a')`, want: `[]`},
		{name: "strict path to a scalar", sql: `SELECT value FROM OPENJSON('{"a":1}', 'strict $.a')`, err: "runtime: Object or array cannot be found in the specified JSON path."},
		{name: "indexed path", sql: `SELECT value FROM OPENJSON('[[1],[2,3]]', '$[1]')`, want: `[{"value":"2"},{"value":"3"}]`},
		{name: "quoted key", sql: `SELECT value FROM OPENJSON('{"a b":[1]}', '$."a b"')`, want: `[{"value":"1"}]`},
		{name: "NULL input", sql: `SELECT value FROM OPENJSON(NULL)`, want: `[]`},
		{name: "key cast", sql: `SELECT CAST([key] AS int) + 1 AS k FROM OPENJSON('["a","b"]') ORDER BY k DESC`, want: `[{"k":2},{"k":1}]`},
		{name: "WITH", sql: `SELECT * FROM OPENJSON(N'[{"id":"1","name":"Acme","tags":["x"],"ok":true,"n":2.5},{"id":2,"extra":1}]') WITH (id int, name nvarchar(100) '$.name', tags nvarchar(max) AS JSON, ok bit, n decimal(5,2), missing nvarchar(10))`,
			want: `[{"id":1,"name":"Acme","tags":"[\"x\"]","ok":true,"n":2.5,"missing":null},{"id":2,"name":null,"tags":null,"ok":null,"n":null,"missing":null}]`},
		{name: "WITH nested paths", sql: `SELECT * FROM OPENJSON('[{"a":{"b":[5,6]}}]') WITH (b1 int '$.a.b[1]', b nvarchar(max) '$.a.b' AS JSON, whole nvarchar(max) '$' AS JSON)`,
			want: `[{"b1":6,"b":"[5,6]","whole":"{\"a\":{\"b\":[5,6]}}"}]`},
		{name: "WITH over an object is one row", sql: `SELECT * FROM OPENJSON('{"name":"x","id":3}') WITH (id int, name nvarchar(5))`, want: `[{"id":3,"name":"x"}]`},
		{name: "WITH over scalars", sql: `SELECT v FROM OPENJSON('[1,2,3]') WITH (v int '$') WHERE v > 1`, want: `[{"v":2},{"v":3}]`},
		{name: "WITH truncates to the column length", sql: `SELECT v FROM OPENJSON('["abcdef"]') WITH (v nvarchar(3) '$')`, want: `[{"v":"abc"}]`},
		{name: "WITH without a length is nvarchar(1)", sql: `SELECT v FROM OPENJSON('["abcdef"]') WITH (v nvarchar '$')`, want: `[{"v":"a"}]`},
		{name: "WITH object as scalar column is NULL", sql: `SELECT v FROM OPENJSON('[{"v":{"a":1}}]') WITH (v nvarchar(10))`, want: `[{"v":null}]`},
		{name: "WITH strict missing", sql: `SELECT v FROM OPENJSON('[{}]') WITH (v int 'strict $.v')`, err: "runtime: Property cannot be found on the specified JSON path."},
		{name: "WITH conversion error", sql: `SELECT v FROM OPENJSON('[{"v":"abc"}]') WITH (v int)`, err: "runtime: Conversion failed when converting the nvarchar value 'abc' to data type int."},
		{name: "AS JSON needs nvarchar(max)", sql: `SELECT v FROM OPENJSON('[]') WITH (v nvarchar(10) AS JSON)`, err: "runtime: AS JSON option can be specified only for column of nvarchar(max) type in WITH clause."},
		{name: "table column JSON", sql: `SELECT p.id, j.x FROM people p CROSS APPLY OPENJSON(p.meta) WITH (x int) j`, want: `[{"id":1,"x":1}]`},
		{name: "invalid JSON", sql: `SELECT * FROM OPENJSON('[1,]')`, err: "runtime: JSON text is not properly formatted. Unexpected character ']' is found at position 3."},
		{name: "invalid JSON after a valid prefix", sql: `SELECT * FROM OPENJSON('[1] x')`, err: "runtime: JSON text is not properly formatted. Unexpected character 'x' is found at position 4."},
		{name: "scalar document", sql: `SELECT * FROM OPENJSON('1')`, err: "runtime: JSON text is not properly formatted. Unexpected character '1' is found at position 0."},
		{name: "bad escape", sql: `SELECT * FROM OPENJSON('["\x"]')`, err: "runtime: JSON text is not properly formatted. Unexpected character 'x' is found at position 3."},
		{name: "position counts characters", sql: `SELECT * FROM OPENJSON(N'["é", x]')`, err: "runtime: JSON text is not properly formatted. Unexpected character 'x' is found at position 6."},
		{name: "bad path", sql: `SELECT * FROM OPENJSON('[]', 'a.b')`, err: "runtime: JSON path is not properly formatted. Unexpected character 'a' is found at position 0."},
		{name: "non-string argument", sql: `SELECT * FROM OPENJSON(1)`, err: "runtime: Argument data type int is invalid for argument 1 of openjson function."},
		{name: "unicode escapes", sql: `SELECT value FROM OPENJSON('["\u00e9\ud83d\ude00\n"]')`, want: `[{"value":"é😀\n"}]`},
	})
}

func TestJSONFunctions(t *testing.T) {
	db := testDB(t)
	runCases(t, db, []sqlCase{
		{sql: `SELECT JSON_VALUE('{"a":{"b":"x"},"n":1.50,"t":true,"z":null}', '$.a.b') AS a, JSON_VALUE('{"n":1.50}', '$.n') AS n, JSON_VALUE('{"t":true}', '$.t') AS t, JSON_VALUE('{"z":null}', '$.z') AS z`, want: `[{"a":"x","n":"1.50","t":"true","z":null}]`},
		{sql: `SELECT JSON_VALUE('{"a":{"b":1}}', '$.a') AS obj, JSON_VALUE('{"a":[1]}', '$.a') AS arr, JSON_VALUE('{"a":1}', '$.b') AS missing, JSON_VALUE('[10,20]', '$[1]') AS idx`, want: `[{"obj":null,"arr":null,"missing":null,"idx":"20"}]`},
		{sql: `SELECT JSON_VALUE('{"a":1,"a":2}', '$.a') AS first`, want: `[{"first":"1"}]`},
		{sql: `SELECT JSON_VALUE('{"a":{"b":1}}', 'strict $.a')`, err: "runtime: Scalar value cannot be found in the specified JSON path."},
		{sql: `SELECT JSON_VALUE('{"a":1}', 'strict $.b')`, err: "runtime: Property cannot be found on the specified JSON path."},
		{sql: `SELECT JSON_VALUE('{"a":1', '$.a')`, err: "runtime: JSON text is not properly formatted."},
		{sql: `SELECT JSON_VALUE(NULL, '$.a') AS v`, want: `[{"v":null}]`},
		{sql: `SELECT JSON_QUERY('{"a":{"b":[1, 2]}}', '$.a') AS a, JSON_QUERY('{"a":1}', '$.a') AS s, JSON_QUERY('[1]') AS whole`, want: `[{"a":"{\"b\":[1, 2]}","s":null,"whole":"[1]"}]`},
		{sql: `SELECT JSON_QUERY('{"a":1}', 'strict $.a')`, err: "runtime: Object or array cannot be found in the specified JSON path."},
		{sql: `SELECT ISJSON('{"a":1}') AS a, ISJSON('[1') AS b, ISJSON('1') AS c, ISJSON('1', VALUE) AS d`, err: "runtime: Invalid column name 'VALUE'."},
		{sql: `SELECT ISJSON('{"a":1}') AS a, ISJSON('[1') AS b, ISJSON('1') AS c, ISJSON('1', 'SCALAR') AS d, ISJSON(NULL) AS e, ISJSON('') AS f`, want: `[{"a":1,"b":0,"c":0,"d":1,"e":null,"f":0}]`},
		{sql: `SELECT id FROM people WHERE JSON_VALUE(meta, '$.x') = 1`, want: `[{"id":1}]`},
		{sql: `SELECT JSON_VALUE(1, '$')`, err: "runtime: Argument data type int is invalid for argument 1 of json_value function."},
	})
}

func TestJSONPathParsing(t *testing.T) {
	for _, tc := range []struct {
		path string
		ok   bool
	}{
		{"$", true}, {"$.a", true}, {"$.a.b[0]", true}, {`$."a b".c`, true}, {"lax $.a", true}, {"strict $", true},
		{"", false}, {"a", false}, {"$.", false}, {"$[", false}, {"$[x]", false}, {"$.a[0", false}, {"$ .a", false}, {"LAX $.a", false},
	} {
		_, err := parseJSONPath(tc.path)
		if (err == nil) != tc.ok {
			t.Errorf("parseJSONPath(%q) error = %v, want ok=%v", tc.path, err, tc.ok)
		}
	}
}

// TestJSONOfOpenJSONElements pins JSON_VALUE and JSON_QUERY over the value
// column of OPENJSON, which they read without validating it again, and
// over text made from it, which they must validate.
func TestJSONOfOpenJSONElements(t *testing.T) {
	db := testDB(t)
	long := strings.Repeat("x", 4001)
	runCases(t, db, []sqlCase{
		{name: "first match of a repeated key", sql: `SELECT JSON_VALUE(s.value, '$.a.b') AS b FROM OPENJSON(N'[{"a":{"c":1},"a":{"b":2}}, {"a":{"b":"x\"y"}}]') s`,
			want: `[{"b":"2"},{"b":"x\"y"}]`},
		{name: "index and escapes in keys", sql: `SELECT JSON_VALUE(s.value, '$."k y"[1]') AS v FROM OPENJSON(N'[ {"k\u0020y" : [ 1 , "two" ] } ]') s`, want: `[{"v":"two"}]`},
		{name: "lax misses", sql: `SELECT JSON_VALUE(s.value, '$.o') AS obj, JSON_VALUE(s.value, '$.x') AS missing, JSON_VALUE(s.value, '$[0]') AS idx FROM OPENJSON(N'[{"o":{"k":1}}]') s`,
			want: `[{"obj":null,"missing":null,"idx":null}]`},
		{name: "strict missing", sql: `SELECT JSON_VALUE(s.value, 'strict $.x') FROM OPENJSON(N'[{"a":1}]') s`, err: "runtime: Property cannot be found on the specified JSON path."},
		{name: "strict object", sql: `SELECT JSON_VALUE(s.value, 'strict $.o') FROM OPENJSON(N'[{"o":{}}]') s`, err: "runtime: Scalar value cannot be found in the specified JSON path."},
		{name: "too long, lax", sql: `SELECT JSON_VALUE(s.value, '$.s') AS v FROM OPENJSON(N'[{"s":"` + long + `"}]') s`, want: `[{"v":null}]`},
		{name: "too long, strict", sql: `SELECT JSON_VALUE(s.value, 'strict $.s') AS v FROM OPENJSON(N'[{"s":"` + long + `"}]') s`, err: "runtime: JSON_VALUE error: The value is too long."},
		{name: "JSON_QUERY of an element, then JSON_VALUE", sql: `SELECT JSON_VALUE(JSON_QUERY(s.value, '$.o'), '$.k') AS k, JSON_QUERY(s.value) AS whole FROM OPENJSON(N'[{"o":{"k":"v"}}]') s`,
			want: `[{"k":"v","whole":"{\"o\":{\"k\":\"v\"}}"}]`},
		{name: "WITH AS JSON, then JSON_VALUE", sql: `SELECT JSON_VALUE(w.o, '$.k') AS k FROM OPENJSON(N'[{"o":{"k":3}}]') WITH (o nvarchar(max) AS JSON) w`, want: `[{"k":"3"}]`},
		{name: "text cut from an element is validated", sql: `SELECT JSON_VALUE(LEFT(s.value, 6), '$.a') FROM OPENJSON(N'[{"a":1,"b":2}]') s`,
			err: "runtime: JSON text is not properly formatted. Unexpected end of input is found at position 6."},
		{name: "text changed from an element is validated", sql: `SELECT JSON_VALUE(UPPER(s.value), '$.A') FROM OPENJSON(N'[{"a":true}]') s`,
			err: "runtime: JSON text is not properly formatted. Unexpected character 'T' is found at position 5."},
		{name: "text joined to an element", sql: `SELECT JSON_VALUE(CONCAT(s.value, N' '), '$.a') AS a, JSON_VALUE(s.value + N'x', '$.a') AS b FROM OPENJSON(N'[{"a":1}]') s`,
			err: "runtime: JSON text is not properly formatted. Unexpected character 'x' is found at position 7."},
	})
}
