package tsql

import "testing"

func TestStringFunctions(t *testing.T) {
	runCases(t, nil, []sqlCase{
		{sql: "SELECT LOWER('AbC') AS a, UPPER(N'straße é') AS b, LOWER(12) AS c, LOWER(NULL) AS d", want: `[{"a":"abc","b":"STRAßE É","c":"12","d":null}]`},
		{sql: "SELECT '[' + LTRIM('  a  ') + ']' AS l, '[' + RTRIM('  a  ') + ']' AS r, '[' + TRIM('  a  ') + ']' AS t", want: `[{"l":"[a  ]","r":"[  a]","t":"[a]"}]`},
		{name: "LTRIM/RTRIM/TRIM strip only U+0020 by default", sql: "SELECT '[' + TRIM(CHAR(9) + ' a ' + CHAR(10)) + ']' AS t, '[' + LTRIM(NCHAR(160) + N'a') + ']' AS l", want: `[{"t":"[\t a \n]","l":"[ a]"}]`},
		{sql: "SELECT TRIM('xy' FROM 'yxaxy') AS a, TRIM(N'' FROM N' a ') AS b, TRIM(NULL FROM 'a') AS c", want: `[{"a":"a","b":" a ","c":null}]`},
		{name: "TRIM chars from an expression with raw Unicode spaces", sql: "SELECT '[' + TRIM(N' " + "\t\u00a0\u2003" + "' + NCHAR(12288) FROM N'\u3000\u00a0 a b\t\u2003') + ']' AS t", want: `[{"t":"[a b]"}]`},
		{sql: "SELECT TRIM(LEADING 'x' FROM 'xxaxx') AS l, TRIM(TRAILING 'x' FROM 'xxaxx') AS r, TRIM(BOTH 'x' FROM 'xxaxx') AS b", want: `[{"l":"axx","r":"xxa","b":"a"}]`},
		{sql: "SELECT LTRIM('xxa', 'x') AS l, RTRIM('axx', 'x') AS r", want: `[{"l":"a","r":"a"}]`},
		{sql: "SELECT LEN('abc  ') AS a, LEN('  abc') AS b, LEN(N'é😀') AS c, LEN('') AS d, LEN(NULL) AS e, LEN(123) AS f", want: `[{"a":3,"b":5,"c":2,"d":0,"e":null,"f":3}]`},
		{sql: "SELECT DATALENGTH('abc ') AS a, DATALENGTH(N'abc') AS b, DATALENGTH(1) AS c", want: `[{"a":4,"b":6,"c":4}]`},
		{sql: "SELECT CHARINDEX('b', 'abcb') AS a, CHARINDEX('b', 'abcb', 3) AS b, CHARINDEX('z', 'abc') AS c, CHARINDEX('', 'abc') AS d, CHARINDEX(NULL, 'a') AS e, CHARINDEX(N'ü', N'Über') AS f, CHARINDEX('b', 'abc', -5) AS g", want: `[{"a":2,"b":4,"c":0,"d":0,"e":null,"f":1,"g":2}]`},
		{sql: "SELECT PATINDEX('%b_d%', 'abcd') AS a, PATINDEX('a%', 'abc') AS b, PATINDEX('%z%', 'abc') AS c", want: `[{"a":2,"b":1,"c":0}]`},
		{sql: "SELECT LEFT('abcdef', 2) AS l, RIGHT('abcdef', 2) AS r, LEFT('ab', 10) AS l2, RIGHT('ab', 0) AS r2, LEFT(N'éà', 1) AS l3", want: `[{"l":"ab","r":"ef","l2":"ab","r2":"","l3":"é"}]`},
		{sql: "SELECT LEFT('abc', -1)", err: "runtime: Invalid length parameter passed to the left function."},
		{sql: "SELECT SUBSTRING('abcdef', 2, 3) AS a, SUBSTRING('abcdef', 0, 3) AS b, SUBSTRING('abc', 5, 1) AS c, SUBSTRING('abc', -1, 10) AS d", want: `[{"a":"bcd","b":"ab","c":"","d":"abc"}]`},
		{sql: "SELECT SUBSTRING('abc', 1, -1)", err: "runtime: Invalid length parameter passed to the substring function."},
		{sql: "SELECT REPLACE('Hello hello', 'HELLO', 'bye') AS a, REPLACE('abc', '', 'x') AS b, REPLACE('abc', 'b', NULL) AS c, REPLACE(N'İx', N'i', N'-') AS d", want: `[{"a":"bye bye","b":"abc","c":null,"d":"-x"}]`},
		{sql: "SELECT REPLICATE('ab', 3) AS a, REPLICATE('x', 0) AS b, REPLICATE('x', -1) AS c, LEN(REPLICATE('x', 9000)) AS d, LEN(REPLICATE(CAST('x' AS varchar(max)), 9000)) AS e", want: `[{"a":"ababab","b":"","c":null,"d":8000,"e":9000}]`},
		{sql: "SELECT REVERSE(N'abç') AS a, STUFF('abcdef', 2, 3, 'XY') AS b, STUFF('abc', 5, 1, 'x') AS c, '[' + SPACE(3) + ']' AS d", want: `[{"a":"çba","b":"aXYef","c":null,"d":"[   ]"}]`},
		{sql: "SELECT CONCAT('a', NULL, 1, N'é', 1.50) AS a, CONCAT(NULL, NULL) AS b, CONCAT_WS('-', 'a', NULL, 'b') AS c", want: `[{"a":"a1é1.50","b":"","c":"a-b"}]`},
		{sql: "SELECT CONCAT('a')", err: "runtime: The concat function requires 2 to 254 arguments."},
		{sql: "SELECT CHAR(65) AS a, CHAR(128) AS b, CHAR(300) AS c, NCHAR(233) AS d, ASCII('A') AS e, UNICODE(N'é') AS f, ASCII('') AS g", want: `[{"a":"A","b":"€","c":null,"d":"é","e":65,"f":233,"g":null}]`},
		{sql: "SELECT QUOTENAME('a]b') AS a, QUOTENAME('x', '''') AS b, QUOTENAME('x', 'q') AS c", want: `[{"a":"[a]]b]","b":"'x'","c":null}]`},
		{name: "STRING_ESCAPE json rules", sql: "SELECT STRING_ESCAPE('\"\\/' + CHAR(8) + CHAR(12) + CHAR(10) + CHAR(13) + CHAR(9) + CHAR(1) + CHAR(31) + CHAR(127) + '<é>', 'json') AS e", want: `[{"e":"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0001\\u001f` + "\u007f" + `<é>"}]`},
		{sql: "SELECT STRING_ESCAPE(NULL, 'json') AS e", want: `[{"e":null}]`},
		{sql: "SELECT STRING_ESCAPE('a', 'xml')", err: "runtime: An invalid value was specified for the type argument of the STRING_ESCAPE function"},
	})
}

func TestNullFunctions(t *testing.T) {
	runCases(t, nil, []sqlCase{
		{sql: "SELECT ISNULL(NULL, 'x') AS a, ISNULL('y', 'x') AS b, COALESCE(NULL, NULL, 3) AS c, COALESCE(NULL, NULL) AS d", want: `[{"a":"x","b":"y","c":3,"d":null}]`},
		{sql: "SELECT NULLIF(1, 1) AS a, NULLIF(1, 2) AS b, NULLIF('A', 'a ') AS c, NULLIF(NULL, 1) AS d", want: `[{"a":null,"b":1,"c":null,"d":null}]`},
		{sql: "SELECT IIF(1 > 2, 'y', 'n') AS a, IIF(NULL = 1, 'y', 'n') AS b", want: `[{"a":"n","b":"n"}]`},
		{name: "COALESCE is lazy", sql: "SELECT COALESCE(1, 1/0) AS a", want: `[{"a":1}]`},
		{sql: "SELECT ISNULL(1)", err: "runtime: The isnull function requires 2 argument(s)."},
		{sql: "SELECT COALESCE(1)", err: "runtime: The coalesce function requires at least 2 arguments."},
	})
}

func TestCastAndConvert(t *testing.T) {
	runCases(t, nil, []sqlCase{
		{sql: "SELECT CAST('12' AS int) AS a, CAST(' -7 ' AS bigint) AS b, CAST('' AS int) AS c, CAST(1.9 AS int) AS d, CAST(-1.9 AS int) AS e, CAST(NULL AS int) AS f", want: `[{"a":12,"b":-7,"c":0,"d":1,"e":-1,"f":null}]`},
		{sql: "SELECT CAST('1.5' AS int)", err: "runtime: Conversion failed when converting the varchar value '1.5' to data type int."},
		{sql: "SELECT CAST('99999999999' AS int)", err: "runtime: The conversion of the varchar value '99999999999' overflowed an int column."},
		{sql: "SELECT CAST(300 AS tinyint)", err: "runtime: Arithmetic overflow error converting expression to data type tinyint."},
		{sql: "SELECT CAST('x' AS bigint)", err: "runtime: Error converting data type varchar to bigint."},
		{sql: "SELECT CAST('true' AS bit) AS a, CAST('0' AS bit) AS b, CAST(5 AS bit) AS c, CAST('FALSE' AS bit) AS d", want: `[{"a":true,"b":false,"c":true,"d":false}]`},
		{sql: "SELECT CAST('yes' AS bit)", err: "runtime: Conversion failed when converting the varchar value 'yes' to data type bit."},
		{sql: "SELECT CAST('1.235' AS decimal(5,2)) AS a, CAST(2 AS decimal(5,2)) AS b, CAST(-1.005 AS numeric(4,2)) AS c, CAST(12.5 AS decimal) AS d", want: `[{"a":1.24,"b":2,"c":-1.01,"d":13}]`},
		{sql: "SELECT CAST(1000 AS decimal(3,0))", err: "runtime: Arithmetic overflow error converting expression to data type numeric."},
		{sql: "SELECT CAST('abc' AS decimal(5,2))", err: "runtime: Error converting data type varchar to numeric."},
		{sql: "SELECT CAST('1e3' AS float) AS a, CAST(1.25 AS float) AS b, CAST(' 2 ' AS real) AS c", want: `[{"a":1000,"b":1.25,"c":2}]`},
		{sql: "SELECT CAST('abc' AS float)", err: "runtime: Error converting data type varchar to float."},
		{sql: "SELECT CAST(12 AS nvarchar(10)) AS a, CAST(1.50 AS varchar(10)) AS b, CAST('abcdef' AS nvarchar(3)) AS c, CAST(1e0/3 AS nvarchar(30)) AS d, CAST(1234567.0e0 AS varchar(20)) AS e", want: `[{"a":"12","b":"1.50","c":"abc","d":"0.333333","e":"1.23457e+006"}]`},
		{sql: "SELECT CAST(123456 AS nvarchar(3))", err: "runtime: Arithmetic overflow error converting expression to data type nvarchar."},
		{sql: "SELECT CAST(123456 AS varchar(3)) AS a, CAST('ab' AS char(4)) + '|' AS b, CAST(N'Ω' AS varchar(5)) AS c", want: `[{"a":"*","b":"ab  |","c":"?"}]`},
		{sql: "SELECT CAST(REPLICATE('x', 40) AS nvarchar) AS a", want: `[{"a":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}]`},
		{sql: "SELECT CAST('2025-03-01T09:30:00' AS datetime) AS a, CAST('2025-03-01' AS date) AS b, CAST('2025-03-01 09:30:00.1234567' AS datetime2) AS c, CAST('20250301' AS datetime) AS d", want: `[{"a":"2025-03-01T09:30:00","b":"2025-03-01","c":"2025-03-01T09:30:00.1234567","d":"2025-03-01T00:00:00"}]`},
		{sql: "SELECT CAST('2025-03-01T09:30:00.001' AS datetime) AS a, CAST('2025-03-01T09:30:00.002' AS datetime) AS b, CAST('2025-03-01T09:30:29' AS smalldatetime) AS c", want: `[{"a":"2025-03-01T09:30:00","b":"2025-03-01T09:30:00.003","c":"2025-03-01T09:30:00"}]`},
		{sql: "SELECT CAST('Mar 1 2025 9:30AM' AS datetime) AS a, CAST('03/01/2025' AS datetime) AS b, CAST('1 March 2025' AS date) AS c, CAST('2025-03-01T09:30:00Z' AS datetime) AS d", want: `[{"a":"2025-03-01T09:30:00","b":"2025-03-01T00:00:00","c":"2025-03-01","d":"2025-03-01T09:30:00"}]`},
		{sql: "SELECT CAST('2025-02-30' AS date)", err: "runtime: Conversion failed when converting date and/or time from character string."},
		{sql: "SELECT CAST(CAST('2025-03-01T09:30:00' AS datetime) AS nvarchar(30)) AS a, CAST(CAST('2025-03-01' AS date) AS varchar(10)) AS b", want: `[{"a":"Mar  1 2025  9:30AM","b":"2025-03-01"}]`},
		{sql: "SELECT CONVERT(int, '42') AS a, CONVERT(nvarchar(30), CAST('2025-03-01T09:30:05' AS datetime), 120) AS b, CONVERT(varchar(10), CAST('2025-03-01' AS date), 103) AS c, CONVERT(varchar(30), CAST('2025-03-01T09:30:05.5' AS datetime), 126) AS d", want: `[{"a":42,"b":"2025-03-01 09:30:05","c":"01/03/2025","d":"2025-03-01T09:30:05.500"}]`},
		{sql: "SELECT CONVERT(datetime, '01/03/2025', 103) AS a, CONVERT(date, '2025-03-01T10:00:00') AS b", want: `[{"a":"2025-03-01T00:00:00","b":"2025-03-01"}]`},
		{sql: "SELECT CONVERT(varchar, CAST('2025-03-01' AS datetime), 999)", err: "runtime: 999 is not a valid style number when converting from datetime to a character string."},
		{sql: "SELECT TRY_CAST('x' AS int) AS a, TRY_CAST('5' AS int) AS b, TRY_CONVERT(date, 'nope') AS c", want: `[{"a":null,"b":5,"c":null}]`},
		{sql: "SELECT CAST(1 AS nvarchar(0))", err: "runtime: Length or precision specification 0 is invalid."},
		{sql: "SELECT CAST(1 AS nvarchar(5000))", err: "runtime: The size (5000) given to the type 'nvarchar' exceeds the maximum allowed for any data type (4000)."},
		{sql: "SELECT CAST(1 AS decimal(40, 2))", err: "runtime: Column or parameter #1: Specified column precision 40 is greater than the maximum precision of 38."},
	})
}

func TestNumberAndDateFunctions(t *testing.T) {
	db := testDB(t)
	runCases(t, db, []sqlCase{
		{sql: "SELECT ABS(-2) AS a, ABS(-1.5) AS b, ROUND(1.2345, 2) AS c, ROUND(1.5, 0) AS d, ROUND(-2.5, 0) AS e, ROUND(1234, -2) AS f, ROUND(1.239, 2, 1) AS g", want: `[{"a":2,"b":1.5,"c":1.23,"d":2,"e":-3,"f":1200,"g":1.23}]`},
		{sql: "SELECT FLOOR(1.7) AS a, CEILING(1.2) AS b, FLOOR(-1.2) AS c, CEILING(-1.7) AS d, SIGN(-5) AS e, FLOOR(2) AS f", want: `[{"a":1,"b":2,"c":-2,"d":-1,"e":-1,"f":2}]`},
		{sql: "SELECT GETDATE() AS a, GETUTCDATE() AS b, SYSDATETIME() AS c, CURRENT_TIMESTAMP AS d", want: `[{"a":"2025-03-04T13:45:30.123","b":"2025-03-04T13:45:30.123","c":"2025-03-04T13:45:30.123","d":"2025-03-04T13:45:30.123"}]`},
		{sql: "SELECT DATEADD(day, 1, '2025-02-28') AS a, DATEADD(month, 1, '2025-01-31') AS b, DATEADD(yy, -1, CAST('2024-02-29' AS date)) AS c, DATEADD(hour, 36, '2025-03-01') AS d, DATEADD(minute, -30, '2025-03-01T00:00:00') AS e", want: `[{"a":"2025-03-01T00:00:00","b":"2025-02-28T00:00:00","c":"2023-02-28","d":"2025-03-02T12:00:00","e":"2025-02-28T23:30:00"}]`},
		{sql: "SELECT DATEDIFF(year, '2024-12-31', '2025-01-01') AS a, DATEDIFF(day, '2025-03-01T23:00', '2025-03-02T01:00') AS b, DATEDIFF(month, '2025-01-31', '2025-02-01') AS c, DATEDIFF(hour, '2025-03-01T10:59', '2025-03-01T11:00') AS d, DATEDIFF(minute, '2025-03-01T11:00', '2025-03-01T10:00') AS e", want: `[{"a":1,"b":1,"c":1,"d":1,"e":-60}]`},
		{sql: "SELECT DATEPART(weekday, '2025-03-02') AS a, DATEPART(dayofyear, '2025-03-01') AS b, YEAR('2025-03-01') AS y, MONTH('2025-03-01') AS m, DAY('2025-03-01') AS d, DATENAME(month, '2025-03-01') AS n, DATEPART(quarter, '2025-08-01') AS q", want: `[{"a":1,"b":60,"y":2025,"m":3,"d":1,"n":"March","q":3}]`},
		{sql: "SELECT EOMONTH('2024-02-10') AS a, EOMONTH('2025-01-15', 1) AS b, DATEFROMPARTS(2025, 3, 1) AS c", want: `[{"a":"2024-02-29","b":"2025-02-28","c":"2025-03-01"}]`},
		{sql: "SELECT DATEADD(fortnight, 1, '2025-01-01')", err: "runtime: Invalid parameter 1 specified for dateadd."},
		{sql: "SELECT COUNT(*) AS n FROM actions WHERE whe_ >= DATEADD(day, -3, GETDATE())", want: `[{"n":2}]`},
	})
}

func TestFormat(t *testing.T) {
	runCases(t, nil, []sqlCase{
		{sql: "SELECT FORMAT(CAST('2025-03-01T09:05:07' AS datetime), 'dd MMM yyyy HH:mm') AS a, FORMAT(CAST('2025-03-01' AS date), 'yyyy-MM-dd') AS b", want: `[{"a":"01 Mar 2025 09:05","b":"2025-03-01"}]`},
		{name: "an ISO string converts to datetime", sql: "SELECT FORMAT(N'2025-03-01T21:05:07', 'd/M/yy h:mm:ss tt') AS a", want: `[{"a":"1/3/25 9:05:07 PM"}]`},
		{sql: "SELECT FORMAT(CAST('2025-03-01T09:05:07.1234567' AS datetime2), 'dddd, MMMM d ''at'' HH\\h fff FFF') AS a", want: `[{"a":"Saturday, March 1 at 09h 123 123"}]`},
		{sql: "SELECT FORMAT(CAST('2025-03-01T09:05:07' AS datetime), 'd') AS a, FORMAT(CAST('2025-03-01T09:05:07' AS datetime), 's') AS b, FORMAT(CAST('2025-03-01T09:05:07' AS datetime), 'D') AS c", want: `[{"a":"3/1/2025","b":"2025-03-01T09:05:07","c":"Saturday, March 1, 2025"}]`},
		{sql: "SELECT FORMAT(1234.567, 'N2') AS a, FORMAT(1234.567, 'F1') AS b, FORMAT(42, 'D5') AS c, FORMAT(255, 'X') AS d, FORMAT(0.256, 'P1') AS e, FORMAT(-1234.5, 'C') AS f", want: `[{"a":"1,234.57","b":"1234.6","c":"00042","d":"FF","e":"25.6 %","f":"($1,234.50)"}]`},
		{sql: "SELECT FORMAT(1234.5, '#,##0.00') AS a, FORMAT(7, '000') AS b, FORMAT(0.5, '0.#') AS c, FORMAT(-3, '0;(0)') AS d", want: `[{"a":"1,234.50","b":"007","c":"0.5","d":"(3)"}]`},
		{sql: "SELECT FORMAT(NULL, 'd') AS a", want: `[{"a":null}]`},
		{sql: "SELECT FORMAT(N'not a date', 'd')", err: "runtime: Argument data type nvarchar is invalid for argument 1 of format function."},
		{sql: "SELECT FORMAT(GETDATE(), 'd', 'de-DE')", err: "unsupported: FORMAT culture 'de-DE'"},
	})
}
