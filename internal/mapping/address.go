package mapping

import "strings"

// addressToApp formats a compound address as one line of text:
// "street, city, state postalCode, country", empty parts left out, the
// street's own line breaks turned into ", ". Latitude, longitude and
// geocode accuracy are not part of the text.
func (c *Converter) addressToApp(v any) (any, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, c.fail(v, "a compound address (object) is expected, not %s", kind(v))
	}
	part := func(key string) (string, error) {
		switch x := m[key].(type) {
		case nil:
			return "", nil
		case string:
			return strings.TrimSpace(x), nil
		default:
			return "", c.fail(v, "address member %s is %s, not a string", key, kind(x))
		}
	}
	var vals [5]string
	for i, key := range []string{"street", "city", "state", "postalCode", "country"} {
		s, err := part(key)
		if err != nil {
			return nil, err
		}
		vals[i] = s
	}
	street := strings.Join(nonEmpty(strings.Split(strings.ReplaceAll(vals[0], "\r\n", "\n"), "\n")), ", ")
	stateZip := strings.Join(nonEmpty([]string{vals[2], vals[3]}), " ")
	line := strings.Join(nonEmpty([]string{street, vals[1], stateZip, vals[4]}), ", ")
	if line == "" {
		return nil, nil
	}
	return line, nil
}

func nonEmpty(s []string) []string {
	out := s[:0:0]
	for _, x := range s {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}
