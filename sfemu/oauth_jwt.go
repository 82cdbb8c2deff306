package sfemu

import (
	"crypto"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
)

// The JWT bearer flow's errors.
var (
	errInvalidAssertion = &oauthError{"invalid_grant", "invalid assertion"}
	errAudience         = &oauthError{"invalid_grant", "audience is invalid"}
)

// jwtAudiences are the audiences Salesforce accepts besides the org's own
// URL.
var jwtAudiences = []string{"https://login.salesforce.com", "https://test.salesforce.com"}

// jwtClaims are the claims the flow reads. aud may be a string or a list.
type jwtClaims struct {
	Iss string          `json:"iss"`
	Sub string          `json:"sub"`
	Aud json.RawMessage `json:"aud"`
	Exp *json.Number    `json:"exp"`
}

// jwtGrant logs in with an assertion signed by the key of the app's
// certificate. It issues no refresh token.
//
// The sf CLI first tries the login URL it was given as the audience, so
// the org's own base URL must be accepted. It sends exp in milliseconds,
// which is simply far in the future.
func (o *org) jwtGrant(req *tokenRequest) (*tokenResponse, *oauthError) {
	a := o.auth
	claims, signed, sig, ok := parseJWT(req.form.Get("assertion"))
	if !ok {
		return nil, errInvalidAssertion
	}
	app := a.apps[claims.Iss]
	if app == nil {
		return nil, errClientID
	}
	if app.key == nil {
		return nil, errInvalidAssertion
	}
	sum := sha256.Sum256([]byte(signed))
	if rsa.VerifyPKCS1v15(app.key, crypto.SHA256, sum[:], sig) != nil {
		return nil, errInvalidAssertion
	}
	if !audienceOK(claims.Aud, req.base) {
		return nil, errAudience
	}
	if claims.Exp == nil {
		return nil, errInvalidAssertion
	}
	exp, err := claims.Exp.Float64()
	if err != nil || exp <= float64(a.now().Unix()) {
		// Salesforce's words for an assertion past its exp.
		return nil, errExpiredCode
	}
	u := o.userByUsername(claims.Sub)
	if u == nil {
		return nil, errInvalidAssertion
	}
	if !o.userActive(u.id) {
		return nil, errInactiveUser
	}
	return o.grant(req.base, app, u.id, withoutRefresh(app.Scopes), nil, false), nil
}

// parseJWT splits a compact RS256 JWT into its claims, the signed part and
// the signature.
func parseJWT(token string) (claims jwtClaims, signed string, sig []byte, ok bool) {
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return claims, "", nil, false
	}
	var header struct {
		Alg string `json:"alg"`
	}
	if !decodeSegment(parts[0], &header) || header.Alg != "RS256" || !decodeSegment(parts[1], &claims) {
		return claims, "", nil, false
	}
	sig, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[2], "="))
	if err != nil {
		return claims, "", nil, false
	}
	return claims, parts[0] + "." + parts[1], sig, true
}

// decodeSegment decodes a base64url JSON segment.
func decodeSegment(seg string, v any) bool {
	b, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(seg, "="))
	if err != nil {
		return false
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	return dec.Decode(v) == nil
}

// audienceOK accepts login.salesforce.com, test.salesforce.com and the
// URL the request came to, with or without a trailing slash.
func audienceOK(raw json.RawMessage, base string) bool {
	var auds []string
	var one string
	if json.Unmarshal(raw, &one) == nil {
		auds = []string{one}
	} else if json.Unmarshal(raw, &auds) != nil {
		return false
	}
	for _, aud := range auds {
		aud = strings.TrimRight(aud, "/")
		if strings.EqualFold(aud, base) {
			return true
		}
		for _, known := range jwtAudiences {
			if strings.EqualFold(aud, known) {
				return true
			}
		}
	}
	return false
}
