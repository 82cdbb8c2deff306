package soql

import (
	"strings"
	"time"
)

// tokenKind classifies a lexical token.
type tokenKind uint8

const (
	tokEOF      tokenKind = iota
	tokIdent              // identifier or keyword: Name, Foo__c, SELECT
	tokString             // 'quoted string'; str holds the decoded value
	tokNumber             // 12, -1.5, .5
	tokDate               // 2024-01-31; t holds midnight UTC
	tokDateTime           // 2024-01-31T00:00:00Z; t holds the instant in UTC
	tokComma              // ,
	tokDot                // .
	tokLParen             // (
	tokRParen             // )
	tokColon              // :
	tokOp                 // = != <> < <= > >=
)

func (k tokenKind) String() string {
	switch k {
	case tokEOF:
		return "end of query"
	case tokIdent:
		return "identifier"
	case tokString:
		return "string"
	case tokNumber:
		return "number"
	case tokDate:
		return "date"
	case tokDateTime:
		return "datetime"
	case tokComma:
		return "','"
	case tokDot:
		return "'.'"
	case tokLParen:
		return "'('"
	case tokRParen:
		return "')'"
	case tokColon:
		return "':'"
	case tokOp:
		return "operator"
	}
	return "unknown token"
}

// token is one lexeme. text is the source spelling (a slice of the query,
// so no copy is made); str and t carry decoded values for strings and
// dates.
type token struct {
	kind tokenKind
	pos  int
	text string
	str  string
	t    time.Time
}

// lexer turns query text into tokens. It is byte-oriented: every
// character that may appear outside a string literal is ASCII, and
// string literals are copied through unchanged apart from escapes.
type lexer struct {
	src string
	pos int
}

// lex tokenizes the whole query, ending with a tokEOF token.
func lex(src string) ([]token, error) {
	l := lexer{src: src}
	toks := make([]token, 0, len(src)/5+2)
	for {
		tok, err := l.next()
		if err != nil {
			return nil, err
		}
		toks = append(toks, tok)
		if tok.kind == tokEOF {
			return toks, nil
		}
	}
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isIdentStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
}

func isIdentPart(c byte) bool { return isIdentStart(c) || isDigit(c) }

func (l *lexer) errorf(pos int, format string, args ...any) error {
	return Errorf(CodeMalformedQuery, pos, l.src, format, args...)
}

func (l *lexer) next() (token, error) {
	for l.pos < len(l.src) && isSpace(l.src[l.pos]) {
		l.pos++
	}
	start := l.pos
	if start >= len(l.src) {
		return token{kind: tokEOF, pos: start}, nil
	}
	c := l.src[start]
	switch {
	case isIdentStart(c):
		l.pos++
		for l.pos < len(l.src) && isIdentPart(l.src[l.pos]) {
			l.pos++
		}
		return l.tok(tokIdent, start), nil
	case isDigit(c):
		return l.numberOrDate(start)
	case c == '-' || c == '+' || c == '.':
		if start+1 < len(l.src) && (isDigit(l.src[start+1]) || c != '.' && l.src[start+1] == '.' && start+2 < len(l.src) && isDigit(l.src[start+2])) {
			return l.number(start)
		}
		if c == '.' {
			l.pos++
			return l.tok(tokDot, start), nil
		}
	case c == '\'':
		return l.quoted(start)
	case c == ',':
		l.pos++
		return l.tok(tokComma, start), nil
	case c == '(':
		l.pos++
		return l.tok(tokLParen, start), nil
	case c == ')':
		l.pos++
		return l.tok(tokRParen, start), nil
	case c == ':':
		l.pos++
		return l.tok(tokColon, start), nil
	case c == '=':
		l.pos++
		return l.tok(tokOp, start), nil
	case c == '!':
		if l.peekByte(1) == '=' {
			l.pos += 2
			return l.tok(tokOp, start), nil
		}
	case c == '<':
		l.pos++
		if b := l.peekByte(0); b == '=' || b == '>' {
			l.pos++
		}
		return l.tok(tokOp, start), nil
	case c == '>':
		l.pos++
		if l.peekByte(0) == '=' {
			l.pos++
		}
		return l.tok(tokOp, start), nil
	}
	return token{}, l.errorf(start, "no viable alternative at character '%s'", charAt(l.src, start))
}

// charAt returns the whole (possibly multi-byte) character at byte i.
func charAt(s string, i int) string {
	for _, r := range s[i:] {
		return string(r)
	}
	return ""
}

func (l *lexer) peekByte(off int) byte {
	if l.pos+off < len(l.src) {
		return l.src[l.pos+off]
	}
	return 0
}

func (l *lexer) tok(k tokenKind, start int) token {
	return token{kind: k, pos: start, text: l.src[start:l.pos]}
}

// number scans [+-]digits[.digits] or [+-].digits.
func (l *lexer) number(start int) (token, error) {
	l.pos = start
	if c := l.src[l.pos]; c == '-' || c == '+' {
		l.pos++
	}
	digits := l.digits()
	if l.peekByte(0) == '.' {
		l.pos++
		frac := l.digits()
		if digits == 0 && frac == 0 {
			return token{}, l.errorf(start, "unexpected token: '%s'", l.src[start:l.pos])
		}
	}
	if l.pos < len(l.src) && isIdentStart(l.src[l.pos]) {
		// 12abc: a number glued to a name is never valid.
		for l.pos < len(l.src) && isIdentPart(l.src[l.pos]) {
			l.pos++
		}
		return token{}, l.errorf(start, "unexpected token: '%s'", l.src[start:l.pos])
	}
	return l.tok(tokNumber, start), nil
}

func (l *lexer) digits() int {
	n := 0
	for l.pos < len(l.src) && isDigit(l.src[l.pos]) {
		l.pos++
		n++
	}
	return n
}

// numberOrDate scans a number, or a date/datetime when the text starts
// with four digits and a dash followed by a digit.
func (l *lexer) numberOrDate(start int) (token, error) {
	s := l.src[start:]
	if len(s) > 5 && isDigit(s[1]) && isDigit(s[2]) && isDigit(s[3]) && s[4] == '-' && isDigit(s[5]) {
		return l.date(start)
	}
	return l.number(start)
}

// date scans YYYY-MM-DD, optionally followed by
// Thh:mm:ss[.f{1,6}](Z|±hh:mm|±hhmm).
func (l *lexer) date(start int) (token, error) {
	src := l.src
	i := start
	// end of the literal for error messages: the longest run of
	// characters a date or datetime may contain.
	end := i
	for end < len(src) && (isIdentPart(src[end]) || src[end] == '-' || src[end] == ':' || src[end] == '.' || src[end] == '+') {
		end++
	}
	bad := func() (token, error) {
		l.pos = end
		return token{}, l.errorf(start, "invalid date or datetime literal: '%s'", src[start:end])
	}
	num := func(n int) (int, bool) {
		if i+n > len(src) {
			return 0, false
		}
		v := 0
		for j := i; j < i+n; j++ {
			if !isDigit(src[j]) {
				return 0, false
			}
			v = v*10 + int(src[j]-'0')
		}
		i += n
		return v, true
	}
	lit := func(c byte) bool {
		if i < len(src) && src[i] == c {
			i++
			return true
		}
		return false
	}
	year, _ := num(4)
	i++ // the dash, checked by numberOrDate
	month, ok := num(2)
	if !ok || !lit('-') {
		return bad()
	}
	day, ok := num(2)
	if !ok || month < 1 || month > 12 || day < 1 || day > daysIn(year, time.Month(month)) {
		return bad()
	}
	if i >= len(src) || src[i] != 'T' && src[i] != 't' {
		if i < len(src) && isIdentPart(src[i]) {
			return bad()
		}
		l.pos = i
		tok := l.tok(tokDate, start)
		tok.t = time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
		return tok, nil
	}
	i++
	hour, ok1 := num(2)
	ok2 := lit(':')
	minute, ok3 := num(2)
	ok4 := lit(':')
	sec, ok5 := num(2)
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || hour > 23 || minute > 59 || sec > 59 {
		return bad()
	}
	nsec := 0
	if lit('.') {
		n := 0
		scale := 1_000_000_000
		for i < len(src) && isDigit(src[i]) {
			if n == 6 {
				return bad()
			}
			scale /= 10
			nsec += int(src[i]-'0') * scale
			i++
			n++
		}
		if n == 0 {
			return bad()
		}
	}
	offset := 0
	switch {
	case lit('Z') || lit('z'):
	case i < len(src) && (src[i] == '+' || src[i] == '-'):
		sign := 1
		if src[i] == '-' {
			sign = -1
		}
		i++
		oh, ok := num(2)
		if !ok {
			return bad()
		}
		lit(':')
		om, ok := num(2)
		if !ok || oh > 23 || om > 59 {
			return bad()
		}
		offset = sign * (oh*3600 + om*60)
	default:
		return bad()
	}
	if i < len(src) && (isIdentPart(src[i]) || src[i] == ':' || src[i] == '.') {
		return bad()
	}
	l.pos = i
	tok := l.tok(tokDateTime, start)
	tok.t = time.Date(year, time.Month(month), day, hour, minute, sec, nsec, time.UTC).Add(-time.Duration(offset) * time.Second)
	return tok, nil
}

func daysIn(year int, m time.Month) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// quoted scans a single-quoted string literal and decodes its escapes.
// \_ and \% are kept as written (see [StringValue] in the package doc).
func (l *lexer) quoted(start int) (token, error) {
	src := l.src
	i := start + 1
	// Fast path: no escapes, the value is a slice of the source.
	j := i
	for j < len(src) && src[j] != '\'' && src[j] != '\\' {
		j++
	}
	if j < len(src) && src[j] == '\'' {
		l.pos = j + 1
		tok := l.tok(tokString, start)
		tok.str = src[i:j]
		return tok, nil
	}
	var b strings.Builder
	b.Grow(j - i + 16)
	b.WriteString(src[i:j])
	i = j
	for i < len(src) {
		c := src[i]
		switch c {
		case '\'':
			l.pos = i + 1
			tok := l.tok(tokString, start)
			tok.str = b.String()
			return tok, nil
		case '\\':
			if i+1 >= len(src) {
				i++
				continue
			}
			e := src[i+1]
			switch e {
			case 'n', 'N':
				b.WriteByte('\n')
			case 'r', 'R':
				b.WriteByte('\r')
			case 't', 'T':
				b.WriteByte('\t')
			case 'b', 'B':
				b.WriteByte('\b')
			case 'f', 'F':
				b.WriteByte('\f')
			case '\'', '"', '\\':
				b.WriteByte(e)
			case '_', '%':
				b.WriteByte('\\')
				b.WriteByte(e)
			default:
				l.pos = i + 1
				return token{}, l.errorf(i, "Invalid string literal '%s'. Illegal character sequence '\\%s' in string literal.",
					truncate(src[start:], 40), charAt(src, i+1))
			}
			i += 2
		default:
			b.WriteByte(c)
			i++
		}
	}
	l.pos = len(src)
	return token{}, l.errorf(start, "unterminated string literal: %s", truncate(src[start:], 40))
}

// truncate shortens s to about n bytes for error messages, without
// splitting a character.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && n < len(s) && s[n]&0xC0 == 0x80 {
		n--
	}
	return s[:n] + "..."
}
