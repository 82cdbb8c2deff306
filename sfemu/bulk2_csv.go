package sfemu

import (
	"bufio"
	"encoding/csv"
	"errors"
	"io"
	"strconv"
	"strings"
)

// bulkDelimiters maps the Bulk API's columnDelimiter names to characters.
var bulkDelimiters = map[string]rune{
	"COMMA": ',', "TAB": '\t', "PIPE": '|', "SEMICOLON": ';', "CARET": '^', "BACKQUOTE": '`',
}

// bulkNull is what a CSV cell holds to set a field to null; an empty
// cell leaves the field as it is.
const bulkNull = "#N/A"

// csvFormat is a job's CSV dialect.
type csvFormat struct {
	delim rune
	crlf  bool
}

func (f csvFormat) newline() string {
	if f.crlf {
		return "\r\n"
	}
	return "\n"
}

// errLineEnding reports data whose line endings disagree with the job's.
var errLineEnding = errors.New("line ending")

// csvRows reads CSV rows with the job's delimiter, per RFC 4180. It
// checks line endings outside quoted values against the job's setting,
// as Salesforce does, and streams: one row in memory at a time.
type csvRows struct {
	r    *csv.Reader
	line *lineCheck
}

func newCSVRows(rd io.Reader, f csvFormat) *csvRows {
	lc := &lineCheck{r: bufio.NewReaderSize(rd, 64<<10), crlf: f.crlf}
	r := csv.NewReader(lc)
	r.Comma = f.delim
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	return &csvRows{r: r, line: lc}
}

// next returns the next row, io.EOF at the end, errLineEnding for data
// with the wrong line endings, or a *csv.ParseError.
func (c *csvRows) next() ([]string, error) {
	row, err := c.r.Read()
	if c.line.bad {
		return nil, errLineEnding
	}
	return row, err
}

// lineCheck passes bytes through, noting whether a line ending outside
// quotes differs from the expected one. It tracks quotes itself since
// encoding/csv accepts both endings.
type lineCheck struct {
	r       *bufio.Reader
	crlf    bool
	inQuote bool
	prevCR  bool
	bad     bool
}

func (l *lineCheck) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for _, c := range p[:n] {
		switch {
		case c == '"':
			l.inQuote = !l.inQuote
		case c == '\n' && !l.inQuote:
			if l.crlf != l.prevCR {
				l.bad = true
			}
		case c == '\r' && !l.inQuote && !l.crlf:
			l.bad = true
		}
		l.prevCR = c == '\r'
	}
	return n, err
}

// csvWriter writes rows the way Salesforce's result files look: every
// value quoted, empty cells for nulls.
type csvWriter struct {
	w   *bufio.Writer
	f   csvFormat
	buf []byte
}

func newCSVWriter(w io.Writer, f csvFormat) *csvWriter {
	return &csvWriter{w: bufio.NewWriterSize(w, 32<<10), f: f}
}

// cell appends one value; quote is false for nulls.
func (c *csvWriter) cell(i int, v string, quote bool) {
	if i > 0 {
		c.buf = append(c.buf, string(c.f.delim)...)
	}
	if !quote {
		c.buf = append(c.buf, v...)
		return
	}
	c.buf = append(c.buf, '"')
	c.buf = append(c.buf, strings.ReplaceAll(v, `"`, `""`)...)
	c.buf = append(c.buf, '"')
}

// endRow writes the row built by cell.
func (c *csvWriter) endRow() error {
	c.buf = append(c.buf, c.f.newline()...)
	_, err := c.w.Write(c.buf)
	c.buf = c.buf[:0]
	return err
}

// row writes a whole row of quoted values.
func (c *csvWriter) row(vals ...string) error {
	for i, v := range vals {
		c.cell(i, v, true)
	}
	return c.endRow()
}

// resultHeader writes the header of an ingest job's result file: the
// result columns quoted, then the uploaded column names as the upload
// spelled them, unquoted as Salesforce echoes them
// ("sf__Id","sf__Created",Name,Industry), quoted only where a name
// would otherwise not parse back.
func (c *csvWriter) resultHeader(result, uploaded []string) error {
	for i, v := range result {
		c.cell(i, v, true)
	}
	for i, v := range uploaded {
		c.cell(len(result)+i, v, strings.ContainsAny(v, "\"\r\n"+string(c.f.delim)))
	}
	return c.endRow()
}

func (c *csvWriter) flush() error { return c.w.Flush() }

// csvValue formats a stored value as Bulk API CSV shows it; ok is false
// for null.
func csvValue(f *Field, v any) (string, bool) {
	switch x := v.(type) {
	case nil:
		return "", false
	case string:
		if f != nil && (f.Type == TypeID || f.Type == TypeReference) {
			return id18(x), true
		}
		return x, true
	case bool:
		return strconv.FormatBool(x), true
	case float64:
		if f != nil && f.Type == TypeInt {
			return strconv.FormatInt(int64(x), 10), true
		}
		return string(appendJavaDouble(nil, x)), true
	case dateTime:
		// Bulk results print datetimes in UTC with a Z: 2024-03-15T12:00:00.000Z.
		return x.time().Format("2006-01-02T15:04:05.000Z"), true
	}
	return "", false
}
