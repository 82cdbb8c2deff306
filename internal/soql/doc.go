// Package soql parses the Salesforce Object Query Language for the org
// emulator and helps build SOQL safely from user values.
//
// [Parse] turns one SELECT statement into a [Query] with a hand-written
// lexer and recursive-descent parser. Keywords are case-insensitive;
// object and field names are kept as written and resolved by the
// evaluator against the schema.
//
// # Grammar
//
// The parser accepts what Salesforce accepts over the REST query API:
// field paths with up to [MaxRelationshipHops] parent hops, COUNT(),
// COUNT, COUNT_DISTINCT, MIN, MAX, SUM and AVG with optional aliases,
// FIELDS(ALL|STANDARD|CUSTOM), child subqueries in the select list,
// FROM Object [alias], WHERE and HAVING with AND, OR, NOT and parentheses,
// the operators = != <> < <= > >= LIKE IN, NOT IN, INCLUDES and EXCLUDES,
// semi-joins (Id IN (SELECT ...)), GROUP BY, ORDER BY with ASC/DESC and
// NULLS FIRST/LAST, LIMIT, OFFSET and FOR VIEW/REFERENCE/UPDATE.
//
// As in Salesforce, AND and OR have no relative precedence: a condition
// that mixes them at one level without parentheses (a = 1 AND b = 2 OR
// c = 3) is a MALFORMED_QUERY error.
//
// Constructs Salesforce has but the emulator does not evaluate — TYPEOF,
// WITH SECURITY_ENFORCED and the other WITH clauses, USING SCOPE, GROUP
// BY ROLLUP/CUBE, FORMAT(), convertCurrency(), toLabel(), DISTANCE(),
// GEOLOCATION(), date functions such as CALENDAR_YEAR(), UPDATE
// TRACKING/VIEWSTAT and ALL ROWS — are rejected with a MALFORMED_QUERY
// [Error] that names the construct, never ignored.
//
// # Literals
//
// String literals are single-quoted with the backslash escapes \n \r \t
// \b \f \" \' and \\ (upper-case \N \R \T \B \F are accepted too) resolved
// in [StringValue].V. The LIKE escapes \_ and \% are deliberately kept as
// the two characters `\_` and `\%` so that a LIKE evaluator can tell a
// literal underscore or percent sign from a wildcard; other operators
// compare V as is. One ambiguity follows: the source '\\_' (a literal
// backslash then the wildcard _) also yields `\_`.
//
// Dates (2024-01-31) become [DateValue] at midnight UTC; datetimes with 0
// to 6 fraction digits and a zone of Z, ±hh:mm or ±hhmm become
// [DateTimeValue] in UTC. Relative literals such as TODAY and
// LAST_N_DAYS:7 become [DateLiteral]; [DateRange] turns one into the
// time range it covers.
//
// # Errors
//
// Every failure is an *[Error] carrying the Salesforce errorCode. Positioned
// errors use Salesforce's message layout — the query line, a caret, the
// position, then the problem:
//
//	SELECT Id FROM Account WHERE
//	                            ^
//	ERROR at Row:1:Column:29
//	unexpected token: '<EOF>'
//
// [Errorf] builds the same layout for the evaluator's INVALID_FIELD and
// INVALID_TYPE errors.
//
// # Building queries
//
// [QuoteString], [QuoteLike] and [Literal] render Go values as SOQL
// literals so user input can never change a query's structure.
package soql
