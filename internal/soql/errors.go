package soql

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Error codes used by this package. They are the errorCode values
// Salesforce answers with, so a REST handler can copy them straight into
// the response body.
const (
	// CodeMalformedQuery reports a syntax error or an unsupported construct.
	CodeMalformedQuery = "MALFORMED_QUERY"
	// CodeNumberOutsideValidRange reports an OFFSET above [MaxOffset].
	CodeNumberOutsideValidRange = "NUMBER_OUTSIDE_VALID_RANGE"
)

// Error is a SOQL failure with the errorCode Salesforce would answer with
// and a message in Salesforce's format. Callers match on Code with
// [errors.As], never on Message.
type Error struct {
	// Code is the Salesforce errorCode, such as MALFORMED_QUERY,
	// INVALID_FIELD or INVALID_TYPE.
	Code string
	// Message is the text Salesforce would put in the error body. For
	// positioned errors it echoes the query line, a caret line and
	// "ERROR at Row:R:Column:C" before the problem (see [Errorf]).
	Message string
	// Pos is the byte offset in the query text the error points at.
	Pos int
	// Row and Column are the 1-based line and column (in characters) of
	// Pos.
	Row, Column int
}

// Error implements the error interface as "CODE: message".
func (e *Error) Error() string { return e.Code + ": " + e.Message }

// Errorf builds a positioned *Error the way Salesforce reports SOQL
// problems: the line of query holding pos, a caret under the offending
// character, the position, then the problem:
//
//	\nSELECT Id FROM Account WHERE\n                            ^\nERROR at Row:1:Column:29\nunexpected token: '<EOF>'
//
// pos is a byte offset into query; it is clamped to the text. The
// evaluator uses Errorf for INVALID_FIELD and INVALID_TYPE so every SOQL
// error shares the format.
func Errorf(code string, pos int, query string, format string, args ...any) *Error {
	pos = clampPos(pos, query)
	row, col := position(query, pos)
	line, caretCol := echoLine(query, pos)
	problem := fmt.Sprintf(format, args...)

	var b strings.Builder
	b.Grow(len(line)*2 + len(problem) + 48)
	b.WriteByte('\n')
	b.WriteString(line)
	b.WriteByte('\n')
	// Copy tabs from the echoed line so the caret stays aligned however
	// the reader renders them.
	n := 0
	for _, r := range line {
		if n == caretCol {
			break
		}
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
		n++
	}
	for ; n < caretCol; n++ {
		b.WriteByte(' ')
	}
	b.WriteString("^\nERROR at Row:")
	b.WriteString(strconv.Itoa(row))
	b.WriteString(":Column:")
	b.WriteString(strconv.Itoa(col))
	b.WriteByte('\n')
	b.WriteString(problem)
	return &Error{Code: code, Message: b.String(), Pos: pos, Row: row, Column: col}
}

// plainErrorf builds an *Error whose message is only the problem, for the
// errors Salesforce reports without echoing the query (OFFSET and FIELDS
// limits). The position is still recorded.
func plainErrorf(code string, pos int, query string, format string, args ...any) *Error {
	pos = clampPos(pos, query)
	row, col := position(query, pos)
	return &Error{Code: code, Message: fmt.Sprintf(format, args...), Pos: pos, Row: row, Column: col}
}

func clampPos(pos int, query string) int {
	if pos < 0 {
		return 0
	}
	if pos > len(query) {
		return len(query)
	}
	return pos
}

// position returns the 1-based row and character column of byte offset pos.
func position(query string, pos int) (row, col int) {
	row = 1
	lineStart := 0
	for i := 0; i < pos; i++ {
		if query[i] == '\n' {
			row++
			lineStart = i + 1
		}
	}
	return row, utf8.RuneCountInString(query[lineStart:pos]) + 1
}

// maxEcho bounds how much of a long line is echoed on each side of the
// error, as Salesforce shows only a window of very long queries.
const maxEcho = 80

// echoLine returns the text of the line holding pos (without its line
// ending, trimmed to a window around pos when very long) and the caret's
// character column within that text.
func echoLine(query string, pos int) (line string, caretCol int) {
	start := strings.LastIndexByte(query[:pos], '\n') + 1
	end := len(query)
	if i := strings.IndexByte(query[pos:], '\n'); i >= 0 {
		end = pos + i
	}
	if end > start && query[end-1] == '\r' && end-1 >= pos {
		end--
	}
	if pos-start > maxEcho {
		start = pos - maxEcho
		for start < pos && !utf8.RuneStart(query[start]) {
			start++
		}
	}
	if end-pos > maxEcho {
		end = pos + maxEcho
		for end > pos && !utf8.RuneStart(query[end]) {
			end--
		}
	}
	return query[start:end], utf8.RuneCountInString(query[start:pos])
}
