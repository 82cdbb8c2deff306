package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/sfbridge/sfbridge/internal/ops"
)

// barWidth is the progress bar's width in characters.
const barWidth = 30

// progress draws an operation's progress: on a terminal a bar redrawn in
// place with \r; otherwise a plain line whenever something changed.
type progress struct {
	w     io.Writer
	tty   bool
	last  string
	drawn int // the width of the bar line on screen
}

func (p *progress) show(op apiOperation) {
	if p.tty {
		line := barLine(op)
		pad := max(p.drawn-len(line), 0)
		fmt.Fprintf(p.w, "\r%s%s", line, strings.Repeat(" ", pad))
		p.drawn = len(line)
		return
	}
	if line := plainLine(op); line != p.last {
		fmt.Fprintln(p.w, line)
		p.last = line
	}
}

// end ends the bar's line.
func (p *progress) end() {
	if p.tty && p.drawn > 0 {
		fmt.Fprintln(p.w)
		p.drawn = 0
	}
}

// bar is a text bar of done of total, barWidth wide.
func bar(done, total int) string {
	filled := 0
	if total > 0 {
		filled = min(barWidth, done*barWidth/total)
	}
	return "[" + strings.Repeat("#", filled) + strings.Repeat(".", barWidth-filled) + "]"
}

// barLine is the terminal's progress line.
func barLine(op apiOperation) string {
	s := fmt.Sprintf("%s %3d%%  %d/%d", bar(op.Done, op.Total), op.Percent, op.Done, op.Total)
	if op.Step != "" {
		s += "  " + op.Step
	}
	return s + fmt.Sprintf("  %d API calls", op.APICalls)
}

// plainLine is a progress line for logs and pipes.
func plainLine(op apiOperation) string {
	s := fmt.Sprintf("%s %s: %d of %d (%d%%)", op.Kind, op.Status, op.Done, op.Total, op.Percent)
	if op.Step != "" && !op.finished() {
		s += ", " + op.Step
	}
	return s + fmt.Sprintf(", %d API calls", op.APICalls)
}

// printEstimate prints what an operation is expected to cost.
func printEstimate(w io.Writer, est apiEstimate) {
	if est.Unknown {
		fmt.Fprintf(w, "Estimate for %s: unknown. %s\n", est.Kind, est.Note)
		return
	}
	fmt.Fprintf(w, "Estimate for %s: about %d API calls for %d records (counting them took %d).\n", est.Kind, est.APICalls, est.Records, est.CountingCalls)
	for _, o := range est.Objects {
		fmt.Fprintf(w, "  %-4s %-20s %8d records  %6d API calls\n", o.Direction, o.Object, o.Records, o.APICalls)
	}
	if est.Note != "" {
		fmt.Fprintf(w, "  %s\n", est.Note)
	}
}

// printOperation prints an operation's state and, when it has one, its
// result object by object.
func printOperation(w io.Writer, op apiOperation) {
	switch op.Status {
	case "succeeded":
		fmt.Fprintf(w, "Operation %s (%s) succeeded: %d records, %d API calls (estimated %d).\n", op.ID, op.Kind, op.Total, op.APICalls, op.EstimatedCalls)
	case "failed":
		fmt.Fprintf(w, "Operation %s (%s) failed at %d of %d records, %d API calls: %s\n", op.ID, op.Kind, op.Done, op.Total, op.APICalls, op.Error)
	case "cancelled":
		fmt.Fprintf(w, "Operation %s (%s) was cancelled at %d of %d records, %d API calls; what it did is kept.\n", op.ID, op.Kind, op.Done, op.Total, op.APICalls)
	default:
		fmt.Fprintf(w, "Operation %s (%s) is %s: %d of %d records (%d%%), %d API calls", op.ID, op.Kind, op.Status, op.Done, op.Total, op.Percent, op.APICalls)
		if op.Step != "" {
			fmt.Fprintf(w, ", %s", op.Step)
		}
		if op.CancelRequested {
			fmt.Fprint(w, ", cancelling")
		}
		fmt.Fprintln(w, ".")
	}
	printResult(w, op.Result)
}

// printResult prints a pull/push report as a line per object, and any
// other result as indented JSON.
func printResult(w io.Writer, raw json.RawMessage) {
	if len(raw) == 0 || string(raw) == "null" {
		return
	}
	var rep ops.Report
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rep); err != nil || rep.Pull == nil && rep.Push == nil {
		var out bytes.Buffer
		if json.Indent(&out, raw, "  ", "  ") == nil {
			fmt.Fprintf(w, "  %s\n", out.String())
		}
		return
	}
	for _, part := range []struct {
		dir  string
		list []ops.ObjectReport
	}{{"pull", rep.Pull}, {"push", rep.Push}} {
		for _, o := range part.list {
			fmt.Fprintf(w, "  %-4s %-20s %-9s read %d, created %d, updated %d, deleted %d, unchanged %d, failed %d",
				part.dir, o.Object, o.Status, o.Read, o.Created, o.Updated, o.Deleted, o.Unchanged, o.Failed)
			if o.Pending > 0 {
				fmt.Fprintf(w, ", %d waiting to be retried", o.Pending)
			}
			fmt.Fprintf(w, " (%d API calls)\n", o.APICalls)
			if o.Error != "" {
				fmt.Fprintf(w, "       %s\n", o.Error)
			}
		}
	}
}
