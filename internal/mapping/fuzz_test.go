package mapping_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/sfbridge/sfbridge/internal/mapping"
	"github.com/sfbridge/sfbridge/internal/store"
	"github.com/sfbridge/sfbridge/salesforce"
)

var fuzzAppTypes = []store.AppFieldType{
	store.AppText, store.AppLongText, store.AppEmail, store.AppPhone, store.AppURL,
	store.AppNumber, store.AppCurrency, store.AppPercent, store.AppBoolean, store.AppDate,
	store.AppDateTime, store.AppList, store.AppMultiList, store.AppReference,
}

// FuzzConvert feeds arbitrary JSON values through every pair of types
// both ways: conversion may refuse, with a ConversionError and a nil
// value, but never panics.
func FuzzConvert(f *testing.F) {
	for _, seed := range []string{
		`"2013-05-20T20:49:32.000+0000"`, `"2024-02-29"`, `1.0E7`, `-0.5`, `true`, `null`,
		`"Golf;Ski"`, `["golf","x"]`, `{"street":"1 Main","city":"X","postalCode":1}`,
		`"001000000000001AAA"`, `1e999999999`, `"Hot"`, `[]`, `{}`, `""`,
	} {
		f.Add([]byte(seed), uint8(0), uint8(0), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, appIdx, sfIdx uint8, options bool) {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			v = string(data)
		}
		app := store.AppField{Name: "f", Type: fuzzAppTypes[int(appIdx)%len(fuzzAppTypes)], RefType: "account"}
		if options {
			app.Options = []string{"golf", "Hot", "skiing"}
		}
		sf := &salesforce.Field{
			Name: "F", Type: sfTypes[int(sfIdx)%len(sfTypes)], Length: 20,
			Createable: true, Updateable: true, ReferenceTo: []string{"Account"},
			PicklistValues: []salesforce.PicklistValue{pv("Golf", "Golf"), pv("Ski", "Skiing"), pv("hot", "HOT")},
		}
		for _, conv := range []func(store.AppField, *salesforce.Field, any) (any, error){mapping.ToApp, mapping.ToSalesforce} {
			got, err := conv(app, sf, v)
			if err != nil {
				var ce *mapping.ConversionError
				if !errors.As(err, &ce) {
					t.Fatalf("error %v is not a ConversionError", err)
				}
				if got != nil {
					t.Fatalf("error %v with value %#v", err, got)
				}
				_ = err.Error()
			}
			if v == nil && got != nil {
				t.Fatalf("null became %#v", got)
			}
		}
	})
}
