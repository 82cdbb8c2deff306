package sfemu

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Bulk API 2.0 ingest limits: one upload may be 150 MB; records are
// saved in chunks, each chunk one transaction under the org's lock, so
// API calls interleave with a long job as they do in Salesforce.
const (
	maxIngestUpload = 150 << 20
	ingestChunkSize = 200
)

// ingestData is an ingest job's uploaded data and results.
type ingestData struct {
	// uploadMu serializes uploads: each is one contiguous segment.
	uploadMu sync.Mutex
	uploads  spool
	success  spool
	failure  spool

	// Guarded by the job's mu:
	segments []segment
	// header is the first upload's header row; result files repeat it.
	header []string
	// consumed counts the data rows the processor has taken, so
	// unprocessedrecords can list the rest.
	consumed int
	deleted  bool
}

// segment is one upload's place in the uploads spool.
type segment struct{ off, n int64 }

// ingestRequest is the body of POST /jobs/ingest.
type ingestRequest struct {
	Object              string `json:"object"`
	Operation           string `json:"operation"`
	ExternalIDFieldName string `json:"externalIdFieldName"`
	ContentType         string `json:"contentType"`
	ColumnDelimiter     string `json:"columnDelimiter"`
	LineEnding          string `json:"lineEnding"`
	AssignmentRuleID    string `json:"assignmentRuleId"`
}

// ingestRoute serves /jobs/ingest[/{id}[/batches|/successfulResults|...]].
func (s *Server) ingestRoute(c *call, p []string) {
	m := c.r.Method
	switch {
	case len(p) == 0 && m == http.MethodPost:
		s.createIngestJob(c)
	case len(p) == 0 && m == http.MethodGet:
		s.listJobs(c, false)
	case len(p) == 0:
		c.notAllowed("GET", "POST")
	default:
		j := s.bulk.get(p[0], false)
		if j == nil {
			c.fail(errJobNotFound())
			return
		}
		switch {
		case len(p) == 1 && m == http.MethodGet:
			c.sendJob(http.StatusOK, j, true)
		case len(p) == 1 && m == http.MethodPatch:
			s.patchIngestJob(c, j)
		case len(p) == 1 && m == http.MethodDelete:
			s.deleteJob(c, j)
		case len(p) == 1:
			c.notAllowed("GET", "PATCH", "DELETE")
		case len(p) == 2 && p[1] == "batches" && m == http.MethodPut:
			s.uploadIngest(c, j)
		case len(p) == 2 && p[1] == "successfulResults" && m == http.MethodGet:
			s.ingestResults(c, j, &j.ingest.success, "sf__Created")
		case len(p) == 2 && p[1] == "failedResults" && m == http.MethodGet:
			s.ingestResults(c, j, &j.ingest.failure, "sf__Error")
		case len(p) == 2 && p[1] == "unprocessedrecords" && m == http.MethodGet:
			s.unprocessed(c, j)
		default:
			c.fail(errNotFound())
		}
	}
}

// createIngestJob answers POST /jobs/ingest.
func (s *Server) createIngestJob(c *call) {
	var req ingestRequest
	if err := c.decode(&req); err != nil {
		c.fail(err)
		return
	}
	switch req.Operation {
	case "insert", "update", "upsert", "delete", "hardDelete":
	case "":
		c.fail(errorf(http.StatusBadRequest, "INVALIDJOB", "InvalidJob : Operation must be specified"))
		return
	default:
		c.fail(errJSONParser("Cannot deserialize value of type `OperationEnum` from String \"%s\": not one of the values accepted for Enum class: [insert, upsert, update, delete, hardDelete]", req.Operation))
		return
	}
	if req.ContentType != "" && req.ContentType != "CSV" {
		c.fail(errJSONParser("Cannot deserialize value of type `ContentType` from String \"%s\": not one of the values accepted for Enum class: [CSV]", req.ContentType))
		return
	}
	format, delim, line, ferr := jobFormat(req.ColumnDelimiter, req.LineEnding)
	if ferr != nil {
		c.fail(ferr)
		return
	}
	c.rlock(s.org)
	obj := s.org.object(req.Object)
	var ext *Field
	if obj != nil && req.ExternalIDFieldName != "" {
		ext = obj.Field(req.ExternalIDFieldName)
	}
	c.runlock(s.org)
	if req.Object == "" {
		c.fail(errorf(http.StatusBadRequest, "INVALIDJOB", "InvalidJob : Object must be specified"))
		return
	}
	if obj == nil {
		c.fail(errorf(http.StatusBadRequest, "INVALIDJOB", "InvalidJob : Unable to find object: %s", req.Object))
		return
	}
	extName := ""
	if req.Operation == "upsert" {
		if req.ExternalIDFieldName == "" {
			c.fail(errorf(http.StatusBadRequest, "INVALIDJOB", "InvalidJob : External ID was blank for %s. An External ID must be specified for upsert.", obj.Name))
			return
		}
		if ext == nil || !(ext.ExternalID || ext.IDLookup) {
			c.fail(errorf(http.StatusBadRequest, "INVALIDJOB", "InvalidJob : Field name provided, %s does not match an External ID, Salesforce Id, or indexed field for %s", req.ExternalIDFieldName, obj.Name))
			return
		}
		extName = ext.Name
	}
	j := &bulkJob{
		operation: req.Operation, object: obj.Name, extID: extName, createdBy: c.userID,
		version: c.version, format: format, delimName: delim, lineName: line,
		state: jobOpen, ingest: &ingestData{},
	}
	s.bulk.add(j)
	c.sendJob(http.StatusOK, j, false)
}

// uploadIngest answers PUT /jobs/ingest/{id}/batches: the CSV body is
// appended to the job's data. Several uploads each start with a header.
func (s *Server) uploadIngest(c *call, j *bulkJob) {
	d := j.ingest
	d.uploadMu.Lock()
	defer d.uploadMu.Unlock()
	if st := j.currentState(); st != jobOpen {
		c.fail(errJobState("Unable to upload data to job %s in state %s: the job must be Open", j.id, st))
		return
	}
	off := d.uploads.Len()
	n, err := io.Copy(&d.uploads, http.MaxBytesReader(c.w, c.r.Body, maxIngestUpload))
	if err != nil {
		// Keep the spool consistent: the partial upload is not a segment.
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			c.fail(errorf(http.StatusRequestEntityTooLarge, "EXCEEDED_QUOTA", "The upload exceeds the limit of %d MB", maxIngestUpload>>20))
			return
		}
		c.fail(errorf(http.StatusBadRequest, "INVALIDJOB", "InvalidJob : reading the upload: %v", err))
		return
	}
	j.mu.Lock()
	if n > 0 {
		d.segments = append(d.segments, segment{off: off, n: n})
	}
	j.mu.Unlock()
	c.w.WriteHeader(http.StatusCreated)
}

// patchIngestJob answers PATCH /jobs/ingest/{id} {"state": ...}.
func (s *Server) patchIngestJob(c *call, j *bulkJob) {
	var req struct {
		State string `json:"state"`
	}
	if err := c.decode(&req); err != nil {
		c.fail(err)
		return
	}
	now := s.org.now().UTC()
	j.mu.Lock()
	cur := j.state
	switch {
	case req.State == jobUploadComplete && cur == jobOpen:
		j.state, j.modstamp = jobUploadComplete, now
		j.mu.Unlock()
		go s.processIngest(j)
	case req.State == jobAborted && (cur == jobOpen || cur == jobUploadComplete || cur == jobInProgress):
		j.state, j.modstamp = jobAborted, now
		if cur == jobOpen {
			close(j.done)
		}
		j.mu.Unlock()
	case req.State == jobUploadComplete || req.State == jobAborted:
		j.mu.Unlock()
		c.fail(errJobState("Invalid state transition from %s to %s", cur, req.State))
		return
	default:
		j.mu.Unlock()
		c.fail(errorf(http.StatusBadRequest, "INVALIDJOBSTATE", "Invalid state: %s. The state may be UploadComplete or Aborted", req.State))
		return
	}
	c.sendJob(http.StatusOK, j, false)
}

// deleteJob answers DELETE /jobs/{kind}/{id}.
func (s *Server) deleteJob(c *call, j *bulkJob) {
	j.mu.Lock()
	st := j.state
	if st == jobOpen || st == jobInProgress {
		j.mu.Unlock()
		c.fail(errJobState("Unable to delete job %s in state %s", j.id, st))
		return
	}
	finished := false
	select {
	case <-j.done:
		finished = true
	default:
	}
	if j.ingest != nil {
		j.ingest.deleted = true
	}
	j.mu.Unlock()
	s.bulk.remove(j.id)
	if finished {
		j.release()
	}
	c.noContent()
}

// release frees a job's spooled data.
func (j *bulkJob) release() {
	if d := j.ingest; d != nil {
		d.uploads.release()
		d.success.release()
		d.failure.release()
	}
}

// ingestResults answers successfulResults and failedResults: the
// result columns, then the uploaded columns.
func (s *Server) ingestResults(c *call, j *bulkJob, sp *spool, second string) {
	if !s.waitFinished(c, j) {
		return
	}
	j.mu.Lock()
	header := j.ingest.header
	j.mu.Unlock()
	c.startCSV(http.StatusOK)
	w := newCSVWriter(c.w, j.format)
	_ = w.resultHeader([]string{"sf__Id", second}, header)
	_ = w.flush()
	_, _ = io.Copy(c.w, sp.all())
}

// waitFinished answers a refusal unless the job has finished, and waits
// for the processor to stop writing (it stops at its chunk's end after
// an abort).
func (s *Server) waitFinished(c *call, j *bulkJob) bool {
	switch st := j.currentState(); st {
	case jobComplete, jobFailed, jobAborted:
		<-j.done
		return true
	default:
		c.fail(errJobState("Unable to get results of job %s in state %s", j.id, st))
		return false
	}
}

// unprocessed answers unprocessedrecords: the uploaded rows the job
// never reached, under the first upload's header.
func (s *Server) unprocessed(c *call, j *bulkJob) {
	if !s.waitFinished(c, j) {
		return
	}
	d := j.ingest
	j.mu.Lock()
	header, skip, segs := d.header, d.consumed, append([]segment(nil), d.segments...)
	j.mu.Unlock()
	c.startCSV(http.StatusOK)
	w := newCSVWriter(c.w, j.format)
	defer func() { _ = w.flush() }()
	headerDone := false
	for _, seg := range segs {
		rows := newCSVRows(d.uploads.section(seg.off, seg.n), j.format)
		h, err := rows.next()
		if err != nil {
			continue
		}
		if header == nil {
			header = h
		}
		if !headerDone {
			_ = w.row(header...)
			headerDone = true
		}
		idx := columnIndex(header, h)
		for {
			row, err := rows.next()
			if err != nil {
				break
			}
			if skip > 0 {
				skip--
				continue
			}
			_ = w.row(project(row, idx)...)
		}
	}
	if !headerDone && header != nil {
		_ = w.row(header...)
	}
}

// columnIndex maps each column of want to its index in have, or -1.
func columnIndex(want, have []string) []int {
	idx := make([]int, len(want))
	for i, name := range want {
		idx[i] = -1
		for k, h := range have {
			if strings.EqualFold(strings.TrimSpace(h), strings.TrimSpace(name)) {
				idx[i] = k
				break
			}
		}
	}
	return idx
}

// project picks the cells of row at idx, empty where absent.
func project(row []string, idx []int) []string {
	out := make([]string, len(idx))
	for i, k := range idx {
		if k >= 0 && k < len(row) {
			out[i] = row[k]
		}
	}
	return out
}

// processIngest runs an ingest job after UploadComplete: each upload is
// parsed as a stream and saved in chunks through the same save path as
// the REST API, so validation, duplicate and validation rules,
// assignment rules and field-level security behave identically.
func (s *Server) processIngest(j *bulkJob) {
	start := time.Now()
	d := j.ingest
	defer func() {
		j.mu.Lock()
		j.procTime = time.Since(start)
		deleted := d.deleted
		j.mu.Unlock()
		close(j.done)
		if deleted {
			j.release()
		}
	}()
	j.mu.Lock()
	if j.state != jobUploadComplete {
		j.mu.Unlock()
		return
	}
	j.state, j.modstamp = jobInProgress, s.org.now().UTC()
	segs := append([]segment(nil), d.segments...)
	j.mu.Unlock()

	succ := newCSVWriter(&d.success, j.format)
	fail := newCSVWriter(&d.failure, j.format)
	defer func() { _ = succ.flush(); _ = fail.flush() }()
	for _, seg := range segs {
		msg, aborted := s.ingestSegment(j, seg, succ, fail)
		if aborted {
			return
		}
		if msg != "" {
			j.mu.Lock()
			if j.state == jobInProgress {
				j.state, j.errMsg, j.modstamp = jobFailed, msg, s.org.now().UTC()
			}
			j.mu.Unlock()
			return
		}
	}
	j.mu.Lock()
	if j.state == jobInProgress {
		j.state, j.modstamp = jobComplete, s.org.now().UTC()
	}
	j.mu.Unlock()
}

// ingestSegment processes one upload. It returns the job's error
// message when the data is unusable, or aborted when the job was
// aborted meanwhile.
func (s *Server) ingestSegment(j *bulkJob, seg segment, succ, fail *csvWriter) (msg string, aborted bool) {
	d := j.ingest
	rows := newCSVRows(d.uploads.section(seg.off, seg.n), j.format)
	header, err := rows.next()
	if err == io.EOF {
		return "", false
	}
	if err != nil {
		return csvErrorMessage(err, j), false
	}
	j.mu.Lock()
	if d.header == nil {
		d.header = header
	}
	first := d.header
	j.mu.Unlock()
	s.org.mu.RLock()
	plan, perr := s.org.ingestPlan(j, header)
	s.org.mu.RUnlock()
	if perr != "" {
		return perr, false
	}
	idx := columnIndex(first, header)
	batch := make([][]string, 0, ingestChunkSize)
	flushBatch := func() bool {
		if j.currentState() != jobInProgress {
			return false
		}
		results := s.org.applyIngest(j, plan, batch)
		okN, failN := 0, 0
		for i, res := range results {
			orig := project(batch[i], idx)
			if res.err == nil {
				okN++
				_ = succ.row(append([]string{res.id, boolText(res.created)}, orig...)...)
			} else {
				failN++
				_ = fail.row(append([]string{res.id, bulkErrorText(res.err)}, orig...)...)
			}
		}
		_ = succ.flush()
		_ = fail.flush()
		j.mu.Lock()
		j.processed += len(batch)
		j.failed += failN
		d.consumed += len(batch)
		j.mu.Unlock()
		batch = batch[:0]
		return true
	}
	for {
		row, err := rows.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if len(batch) > 0 && !flushBatch() {
				return "", true
			}
			return csvErrorMessage(err, j), false
		}
		if len(row) == 1 && row[0] == "" {
			continue // a blank line
		}
		batch = append(batch, row)
		if len(batch) == ingestChunkSize && !flushBatch() {
			return "", true
		}
	}
	if len(batch) > 0 && !flushBatch() {
		return "", true
	}
	return "", false
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// csvErrorMessage is the job's errorMessage for unusable data.
func csvErrorMessage(err error, j *bulkJob) string {
	if errors.Is(err, errLineEnding) {
		return "ClientInputError : LineEnding is invalid on user data. Current LineEnding setting is " + j.lineName
	}
	return "InvalidBatch : Failed to parse CSV: " + err.Error()
}

// bulkErrorText formats a record error as Salesforce's sf__Error:
// "CODE:message:fields --", or "CODE:message:--" when the error names
// no field (ENTITY_IS_DELETED:entity is deleted:--).
func bulkErrorText(e *Error) string {
	if len(e.Fields) == 0 {
		return e.Code + ":" + e.Message + ":--"
	}
	return e.Code + ":" + e.Message + ":" + strings.Join(e.Fields, ",") + " --"
}

// bulkRowError turns a save error into the one a Bulk API row reports.
// A well-formed id that matches no record, which the REST API answers
// with 404 NOT_FOUND, fails a bulk update or delete row with
// INVALID_CROSS_REFERENCE_KEY.
func bulkRowError(e *Error) *Error {
	if e != nil && e.Code == "NOT_FOUND" {
		return errorf(http.StatusBadRequest, "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id")
	}
	return e
}

// ingestColumn is how one CSV column maps onto the object.
type ingestColumn struct {
	field *Field
	// ref is set for a relationship column (Account.External__c): the
	// reference field to set, and the parent's external id field.
	ref    *Field
	refObj *Object
	refExt *Field
	isID   bool
}

// ingestPlan is an upload's header resolved against the schema.
type ingestPlan struct {
	obj  *Object
	cols []ingestColumn
	idAt int // index of the Id column, -1 when absent
	ext  *Field
	// extAt is the index of the upsert's external id column, -1 when absent.
	extAt int
}

// ingestPlan resolves an upload's header. The caller holds o.mu. A bad
// header fails the job with the message it returns.
func (o *org) ingestPlan(j *bulkJob, header []string) (*ingestPlan, string) {
	obj := o.object(j.object)
	if obj == nil {
		return nil, "InvalidBatch : Unable to find object: " + j.object
	}
	p := &ingestPlan{obj: obj, idAt: -1, extAt: -1}
	if j.extID != "" {
		p.ext = obj.Field(j.extID)
	}
	for i, raw := range header {
		name := strings.TrimSpace(raw)
		var col ingestColumn
		if rel, ext, ok := strings.Cut(name, "."); ok {
			ref := relationshipField(obj, rel)
			if ref == nil || len(ref.ReferenceTo) == 0 {
				return nil, "InvalidBatch : Field name not found : " + name
			}
			target := o.object(ref.ReferenceTo[0])
			var ef *Field
			if target != nil {
				ef = target.Field(ext)
			}
			if ef == nil || !(ef.ExternalID || ef.IDLookup) {
				return nil, "InvalidBatch : Field name not found : " + name
			}
			col = ingestColumn{ref: ref, refObj: target, refExt: ef}
		} else {
			f := obj.Field(name)
			if f == nil {
				return nil, "InvalidBatch : Field name not found : " + name
			}
			col = ingestColumn{field: f, isID: f.Type == TypeID}
			if col.isID {
				p.idAt = i
			}
			if p.ext != nil && f == p.ext {
				p.extAt = i
			}
		}
		p.cols = append(p.cols, col)
	}
	switch j.operation {
	case "update", "delete", "hardDelete":
		if p.idAt < 0 {
			return nil, "InvalidBatch : Field name not found : Id"
		}
	case "upsert":
		if p.extAt < 0 {
			return nil, "InvalidBatch : Field name not found : " + j.extID
		}
	}
	return p, ""
}

// relationshipField finds the reference field of a relationship name.
func relationshipField(obj *Object, rel string) *Field {
	for _, f := range obj.Fields {
		if f.Type == TypeReference && strings.EqualFold(f.RelationshipName, rel) {
			return f
		}
	}
	return nil
}

// ingestResult is one row's outcome.
type ingestResult struct {
	id      string // 18 characters, or empty
	created bool
	err     *Error
}

// applyIngest saves one chunk of rows in one transaction. Each row
// succeeds or fails on its own, as in Salesforce's Bulk API.
func (o *org) applyIngest(j *bulkJob, p *ingestPlan, rows [][]string) []ingestResult {
	o.mu.Lock()
	defer o.mu.Unlock()
	t := o.begin()
	opt := writeOptions{userID: j.createdBy, version: j.version, access: o.accessFor(j.createdBy)}
	out := make([]ingestResult, len(rows))
	for i, row := range rows {
		out[i] = o.ingestRow(t, j, p, row, opt)
	}
	return out
}

// ingestRow saves one row.
func (o *org) ingestRow(t *tx, j *bulkJob, p *ingestPlan, row []string, opt writeOptions) ingestResult {
	cell := func(i int) string {
		if i >= 0 && i < len(row) {
			return strings.TrimSpace(row[i])
		}
		return ""
	}
	id := cell(p.idAt)
	res := ingestResult{}
	if id != "" && id != bulkNull {
		if id15, ok := parseID(id); ok {
			res.id = id18(id15)
		} else {
			res.id = id
		}
	}
	if j.operation == "delete" || j.operation == "hardDelete" {
		if id == "" {
			res.err = errorf(http.StatusBadRequest, "MISSING_ARGUMENT", "Id not specified in a delete call")
			return res
		}
		r, err := t.remove(p.obj, id, opt)
		if err != nil {
			res.err = bulkRowError(err)
			return res
		}
		if j.operation == "hardDelete" {
			o.purge(r)
		}
		return res
	}
	fields := map[string]any{}
	for i, col := range p.cols {
		if col.isID {
			continue
		}
		v := ""
		if i < len(row) {
			v = row[i]
		}
		if v == "" {
			continue
		}
		if col.ref != nil {
			if v == bulkNull {
				fields[col.ref.Name] = nil
				continue
			}
			target := col.refObj
			matches := o.matchExternal(target, col.refExt, v)
			switch len(matches) {
			case 0:
				res.err = fieldError("INVALID_FIELD", col.ref, "Foreign key external ID: %s not found for field %s in entity %s", v, col.refExt.Name, target.Name)
				return res
			case 1:
				fields[col.ref.Name] = matches[0].id
			default:
				res.err = fieldError("DUPLICATE_EXTERNAL_ID", col.ref, "Foreign key external ID: %s matched more than one record for field %s in entity %s", v, col.refExt.Name, target.Name)
				return res
			}
			continue
		}
		if v == bulkNull {
			fields[col.field.Name] = nil
		} else {
			fields[col.field.Name] = v
		}
	}
	var (
		r   *record
		err *Error
	)
	switch j.operation {
	case "insert":
		r, err = t.create(p.obj, fields, opt)
		res.created = err == nil
	case "update":
		if id == "" || id == bulkNull {
			err = errorf(http.StatusBadRequest, "MISSING_ARGUMENT", "Id not specified in an update call")
			break
		}
		r, err = t.update(p.obj, id, fields, opt)
	case "upsert":
		r, res.created, err = o.ingestUpsert(t, p, id, row, fields, opt)
	default:
		err = errorf(http.StatusBadRequest, "INVALIDJOB", "unknown operation %s", j.operation)
	}
	if err != nil {
		res.err = bulkRowError(err)
		return res
	}
	res.id = id18(r.id)
	return res
}

// ingestUpsert upserts one row by the job's external id field (or Id).
func (o *org) ingestUpsert(t *tx, p *ingestPlan, id string, row []string, fields map[string]any, opt writeOptions) (*record, bool, *Error) {
	if p.ext.Type == TypeID {
		if id == "" || id == bulkNull {
			r, err := t.create(p.obj, fields, opt)
			return r, err == nil, err
		}
		r, err := t.update(p.obj, id, fields, opt)
		return r, false, err
	}
	value := ""
	if p.extAt < len(row) {
		value = row[p.extAt]
	}
	if value == "" || value == bulkNull {
		return nil, false, fieldError("MISSING_ARGUMENT", p.ext, "%s not specified", p.ext.Name)
	}
	out, err := o.upsert(t, p.obj, p.ext, value, fields, false, opt)
	if err != nil {
		if err.Status == http.StatusMultipleChoices {
			ids := make([]string, len(err.matches))
			for i, m := range err.matches {
				ids[i] = id18(m.id)
			}
			err = errorf(http.StatusBadRequest, "DUPLICATE_EXTERNAL_ID", "%s: more than one record found for external id field: [%s]", p.ext.Name, strings.Join(ids, ", "))
		}
		return nil, false, err
	}
	return out.r, out.created, nil
}
