package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
)

// MaxBodyBytes is the largest request body the API reads: 1 MiB.
const MaxBodyBytes = 1 << 20

// decodeBody reads r's JSON object body into v. It refuses a content
// type other than JSON, bodies over MaxBodyBytes, malformed JSON,
// unknown fields, wrong types (naming the field) and anything after the
// object. An empty body is an error unless optional is set, when v is
// left as it is.
func decodeBody(w http.ResponseWriter, r *http.Request, v any, optional bool) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return errorf(http.StatusUnsupportedMediaType, CodeUnsupportedMediaType,
				"Content-Type %q is not JSON. Send the body as application/json.", ct)
		}
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBodyBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return errorf(http.StatusRequestEntityTooLarge, CodePayloadTooLarge,
				"The body is larger than %d bytes. Send a smaller one.", MaxBodyBytes)
		}
		return errorf(http.StatusBadRequest, CodeInvalidJSON, "Reading the body failed: %v.", err)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		if optional {
			return nil
		}
		return errorf(http.StatusBadRequest, CodeInvalidJSON, "The body is empty. Send a JSON object.")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return errorf(http.StatusBadRequest, CodeInvalidJSON,
			"There is more after the JSON object (at byte %d). Send exactly one object.", dec.InputOffset())
	}
	return nil
}

// decodeError turns an encoding/json error into an *Error that says
// where the body went wrong.
func decodeError(err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return errorf(http.StatusBadRequest, CodeInvalidJSON, "The body is not valid JSON at byte %d: %v.", syn.Offset, syn)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errorf(http.StatusBadRequest, CodeInvalidJSON, "The body ends in the middle of the JSON. Send a complete object.")
	case errors.As(err, &typ):
		if typ.Field == "" {
			return errorf(http.StatusBadRequest, CodeInvalidInput, "The body must be a JSON object, not %s.", article(typ.Value))
		}
		return errorf(http.StatusBadRequest, CodeInvalidInput, "Field %q must be %s, not %s.",
			typ.Field, jsonKind(typ.Type.Kind().String()), article(typ.Value))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		// encoding/json has no typed error for this; the field name is
		// the quoted rest of the message.
		name := strings.TrimPrefix(err.Error(), "json: unknown field ")
		return errorf(http.StatusBadRequest, CodeUnknownField, "Unknown field %s. Remove it; see /v1/openapi.json for the fields.", name)
	}
	return errorf(http.StatusBadRequest, CodeInvalidJSON, "The body could not be read as JSON: %v.", err)
}

// jsonKind names a Go kind as JSON calls it.
func jsonKind(kind string) string {
	switch kind {
	case "string":
		return "a string"
	case "bool":
		return "true or false"
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64":
		return "a whole number"
	case "float32", "float64":
		return "a number"
	case "slice", "array":
		return "an array"
	case "map", "struct", "ptr":
		return "an object"
	}
	return fmt.Sprintf("a %s", kind)
}

// article puts "a"/"an" before an encoding/json value kind ("number",
// "string", "array", "object", "bool").
func article(v string) string {
	switch v {
	case "array", "object":
		return "an " + v
	case "bool":
		return "true or false"
	}
	return "a " + v
}
