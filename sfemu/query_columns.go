package sfemu

import (
	"strings"

	"github.com/sfbridge/sfbridge/internal/soql"
)

// columnMeta is one entry of the `columns=true` answer, which the sf CLI
// reads to lay out `data query` tables.
type columnMeta struct {
	Aggregate      bool         `json:"aggregate"`
	ApexType       *string      `json:"apexType"`
	BooleanType    bool         `json:"booleanType"`
	ColumnName     string       `json:"columnName"`
	Custom         bool         `json:"custom"`
	DisplayName    string       `json:"displayName"`
	ForeignKeyName *string      `json:"foreignKeyName"`
	Insertable     bool         `json:"insertable"`
	JoinColumns    []columnMeta `json:"joinColumns"`
	NumberType     bool         `json:"numberType"`
	TextType       bool         `json:"textType"`
	Updatable      bool         `json:"updatable"`
}

// columnsAnswer is the whole `columns=true` answer.
type columnsAnswer struct {
	ColumnMetadata []columnMeta `json:"columnMetadata"`
	EntityName     string       `json:"entityName"`
	GroupBy        bool         `json:"groupBy"`
	IDSelected     bool         `json:"idSelected"`
	KeyPrefix      *string      `json:"keyPrefix"`
}

// apexTypes maps describe types to the Apex type names the answer uses.
var apexTypes = map[FieldType]string{
	TypeID: "Id", TypeReference: "Id", TypeString: "String", TypeTextArea: "String",
	TypePicklist: "String", TypeMultiPicklist: "String", TypeCombobox: "String",
	TypeEmail: "String", TypePhone: "String", TypeURL: "String", TypeBoolean: "Boolean",
	TypeInt: "Integer", TypeDouble: "Double", TypeCurrency: "Decimal", TypePercent: "Decimal",
	TypeDate: "Date", TypeDateTime: "Datetime", TypeTime: "Time", TypeAddress: "Address",
}

func fieldColumn(f *Field, display string) columnMeta {
	k := kindOf(f)
	m := columnMeta{
		ColumnName:  f.Name,
		DisplayName: display,
		Custom:      f.Custom,
		Insertable:  f.Createable,
		Updatable:   f.Updateable,
		BooleanType: k == kindBool,
		NumberType:  k == kindNumber,
		TextType:    k == kindText || k == kindMulti,
		JoinColumns: []columnMeta{},
	}
	if t, ok := apexTypes[f.Type]; ok {
		m.ApexType = &t
	}
	return m
}

// columnMetadata describes the select list of a compiled query.
func (c *compiler) columnMetadata(obj *Object, q *soql.Query, p *queryPlan) columnsAnswer {
	prefix := obj.KeyPrefix
	ans := columnsAnswer{EntityName: obj.Name, GroupBy: len(q.GroupBy) > 0, KeyPrefix: &prefix, ColumnMetadata: []columnMeta{}}
	switch {
	case p.countOnly:
	case p.agg != nil:
		for _, out := range p.agg.outs {
			if out.hidden {
				continue
			}
			m := fieldColumn(out.resultField(p.agg), out.display)
			m.ColumnName = out.name
			m.Aggregate = out.fn != ""
			m.Insertable, m.Updatable = false, false
			ans.ColumnMetadata = append(ans.ColumnMetadata, m)
		}
	default:
		ans.ColumnMetadata = columnList(p.cols, "")
		for _, col := range p.cols {
			if col.field != nil && col.field.Type == TypeID {
				ans.IDSelected = true
			}
		}
	}
	return ans
}

func columnList(cols []*column, path string) []columnMeta {
	out := []columnMeta{}
	for _, col := range cols {
		display := col.name
		if path != "" {
			display = path + "." + col.name
		}
		switch {
		case col.field != nil:
			out = append(out, fieldColumn(col.field, display))
		case col.rel != nil:
			m := columnMeta{ColumnName: col.name, DisplayName: display, Custom: strings.HasSuffix(col.name, "__r")}
			fk := col.rel.Name
			m.ForeignKeyName = &fk
			for _, sub := range col.relCols {
				m.JoinColumns = columnList(sub, display)
				break
			}
			out = append(out, m)
		case col.child != nil:
			m := columnMeta{ColumnName: col.name, DisplayName: display, Aggregate: true}
			m.JoinColumns = columnList(col.child.plan.cols, "")
			out = append(out, m)
		}
	}
	return out
}
