package sfemu

import (
	"errors"
	"io"
	"strings"
	"testing"
)

func readAllRows(data string, f csvFormat) ([][]string, error) {
	rows := newCSVRows(strings.NewReader(data), f)
	var out [][]string
	for {
		row, err := rows.next()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, row)
	}
}

func TestCSVRows(t *testing.T) {
	t.Parallel()
	lf := csvFormat{delim: ','}
	crlf := csvFormat{delim: ',', crlf: true}
	for _, tc := range []struct {
		name    string
		data    string
		f       csvFormat
		want    string // rows joined by "/" and cells by "|"
		wantErr error
	}{
		{name: "plain", data: "a,b\n1,2\n", f: lf, want: "a|b/1|2"},
		{name: "no final newline", data: "a,b\n1,2", f: lf, want: "a|b/1|2"},
		{name: "quoted delimiter and quote", data: "a\n\"x, \"\"y\"\"\"\n", f: lf, want: "a/x, \"y\""},
		{name: "newline inside quotes", data: "a\n\"l1\r\nl2\"\n", f: lf, want: "a/l1\nl2"},
		{name: "crlf", data: "a,b\r\n1,2\r\n", f: crlf, want: "a|b/1|2"},
		{name: "pipe", data: "a|b\n1|2\n", f: csvFormat{delim: '|'}, want: "a|b/1|2"},
		{name: "crlf data in an lf job", data: "a\r\n1\r\n", f: lf, wantErr: errLineEnding},
		{name: "lf data in a crlf job", data: "a\n1\n", f: crlf, wantErr: errLineEnding},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			rows, err := readAllRows(tc.data, tc.f)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("err %v, want %v", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var parts []string
			for _, r := range rows {
				parts = append(parts, strings.Join(r, "|"))
			}
			if got := strings.Join(parts, "/"); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestResultHeader(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name     string
		f        csvFormat
		uploaded []string
		want     string
	}{
		{name: "plain names unquoted", f: csvFormat{delim: ','}, uploaded: []string{"Name", "Account.Code__c"}, want: "\"sf__Id\",\"sf__Created\",Name,Account.Code__c\n"},
		{name: "spelling kept", f: csvFormat{delim: ','}, uploaded: []string{"name", " Phone"}, want: "\"sf__Id\",\"sf__Created\",name, Phone\n"},
		{name: "the delimiter forces quotes", f: csvFormat{delim: ';'}, uploaded: []string{"a;b", "c,d"}, want: "\"sf__Id\";\"sf__Created\";\"a;b\";c,d\n"},
		{name: "a quote forces quotes", f: csvFormat{delim: '\t', crlf: true}, uploaded: []string{`x"y`}, want: "\"sf__Id\"\t\"sf__Created\"\t\"x\"\"y\"\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var sb strings.Builder
			w := newCSVWriter(&sb, tc.f)
			if err := w.resultHeader([]string{"sf__Id", "sf__Created"}, tc.uploaded); err != nil {
				t.Fatal(err)
			}
			if err := w.flush(); err != nil {
				t.Fatal(err)
			}
			if sb.String() != tc.want {
				t.Errorf("got %q, want %q", sb.String(), tc.want)
			}
		})
	}
}

func TestLocatorRoundTrip(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, 1, 10000, 123456789} {
		if got, ok := decodeLocator(encodeLocator(n)); !ok || got != n {
			t.Errorf("%d -> %q -> %d %v", n, encodeLocator(n), got, ok)
		}
	}
}

// FuzzCSVRows checks that the streaming reader never panics and that
// what the writer writes reads back the same.
func FuzzCSVRows(f *testing.F) {
	f.Add("a,b\n1,2\n", byte(','), false)
	f.Add("a\t\"x\r\ny\"\r\n", byte('\t'), true)
	f.Add("\"unterminated\n", byte('|'), false)
	f.Fuzz(func(t *testing.T, data string, delim byte, crlf bool) {
		d := rune(delim)
		if d == '"' || d == '\r' || d == '\n' || d == 0 || d >= 0x80 {
			d = ','
		}
		format := csvFormat{delim: d, crlf: crlf}
		rows, err := readAllRows(data, format)
		if err != nil || len(rows) == 0 {
			return
		}
		var sb strings.Builder
		w := newCSVWriter(&sb, format)
		// A result file's header echoes the first row's names.
		if err := w.resultHeader([]string{"sf__Id"}, rows[0]); err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if err := w.row(r...); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.flush(); err != nil {
			t.Fatal(err)
		}
		back, err := readAllRows(sb.String(), format)
		if err != nil {
			t.Fatalf("rereading %q: %v", sb.String(), err)
		}
		if len(back) != len(rows)+1 {
			t.Fatalf("%d rows and a header became %d", len(rows), len(back))
		}
		if got, want := strings.Join(back[0], "\x00"), strings.Join(append([]string{"sf__Id"}, rows[0]...), "\x00"); got != want {
			t.Fatalf("header %q read back as %q", want, got)
		}
	})
}
