package sfemu

import (
	"net/http"
	"strings"
)

// identityURLs are the urls of the identity and userinfo answers. Values
// carry a literal {version}, as Salesforce's do.
func identityURLs(base, orgID, userID string) map[string]string {
	d := base + "/services/data/v{version}/"
	return map[string]string{
		"enterprise":    base + "/services/Soap/c/{version}/" + orgID,
		"metadata":      base + "/services/Soap/m/{version}/" + orgID,
		"partner":       base + "/services/Soap/u/{version}/" + orgID,
		"rest":          d,
		"sobjects":      d + "sobjects/",
		"search":        d + "search/",
		"query":         d + "query/",
		"recent":        d + "recent/",
		"tooling_soap":  base + "/services/Soap/T/{version}/" + orgID,
		"tooling_rest":  d + "tooling/",
		"profile":       base + "/" + userID,
		"feeds":         d + "chatter/feeds",
		"groups":        d + "chatter/groups",
		"users":         d + "chatter/users",
		"feed_items":    d + "chatter/feed-items",
		"feed_elements": d + "chatter/feed-elements",
		"custom_domain": base,
	}
}

// userView is what the identity answers need of a user.
type userView struct {
	id, username, first, last, name, email, userType, timeZone, locale, language string
	active                                                                       bool
}

func (o *org) userView(userID string) (userView, bool) {
	r := o.byID[userID]
	if r == nil || r.obj.Name != "User" {
		return userView{}, false
	}
	str := func(name string) string {
		if f := r.obj.Field(name); f != nil {
			s, _ := r.get(f).(string)
			return s
		}
		return ""
	}
	active, _ := r.get(r.obj.Field("IsActive")).(bool)
	return userView{
		id: id18(userID), username: str("Username"), first: str("FirstName"), last: str("LastName"),
		name: str("Name"), email: str("Email"), userType: str("UserType"), timeZone: str("TimeZoneSidKey"),
		locale: str("LocaleSidKey"), language: str("LanguageLocaleKey"), active: active,
	}, true
}

// userinfo serves GET /services/oauth2/userinfo (OpenID Connect).
func (s *Server) userinfo(c *call) {
	o := s.org
	c.rlock(o)
	u, ok := o.userView(c.userID)
	orgID := id18(o.orgID)
	c.runlock(o)
	if !ok {
		c.fail(errInvalidSession())
		return
	}
	c.send(http.StatusOK, map[string]any{
		"sub":                c.base + "/id/" + orgID + "/" + u.id,
		"user_id":            u.id,
		"organization_id":    orgID,
		"preferred_username": u.username,
		"nickname":           strings.SplitN(u.username, "@", 2)[0],
		"name":               u.name,
		"email":              u.email,
		"email_verified":     true,
		"given_name":         u.first,
		"family_name":        u.last,
		"zoneinfo":           u.timeZone,
		"photos":             map[string]string{},
		"profile":            c.base + "/" + u.id,
		"picture":            "",
		"address":            map[string]string{},
		"urls":               identityURLs(c.base, orgID, u.id),
		"active":             u.active,
		"user_type":          strings.ToUpper(u.userType),
		"language":           u.language,
		"locale":             u.locale,
		"utcOffset":          -28800000,
		"updated_at":         "2024-01-01T00:00:00Z",
		"is_app_installed":   true,
	})
}

// identity serves GET /id/{orgId}/{userId}.
func (s *Server) identity(c *call, p []string) {
	o := s.org
	if len(p) != 2 {
		c.fail(errNotFound())
		return
	}
	orgID, ok1 := parseID(p[0])
	userID, ok2 := parseID(p[1])
	c.rlock(o)
	defer c.runlock(o)
	if !ok1 || !ok2 || orgID != o.orgID {
		c.fail(errNotFound())
		return
	}
	// A session may read only its own user's identity.
	if userID != c.userID {
		c.fail(errorf(http.StatusForbidden, "Bad_Id", "Bad_Id"))
		return
	}
	u, ok := o.userView(userID)
	if !ok {
		c.fail(errNotFound())
		return
	}
	c.send(http.StatusOK, map[string]any{
		"id":                      c.base + "/id/" + id18(orgID) + "/" + u.id,
		"asserted_user":           true,
		"user_id":                 u.id,
		"organization_id":         id18(orgID),
		"username":                u.username,
		"nick_name":               strings.SplitN(u.username, "@", 2)[0],
		"display_name":            u.name,
		"email":                   u.email,
		"email_verified":          true,
		"first_name":              u.first,
		"last_name":               u.last,
		"timezone":                u.timeZone,
		"photos":                  map[string]string{},
		"addr_street":             nil,
		"addr_city":               nil,
		"addr_state":              nil,
		"addr_country":            nil,
		"addr_zip":                nil,
		"mobile_phone":            nil,
		"mobile_phone_verified":   false,
		"is_lightning_login_user": false,
		"status":                  map[string]any{"created_date": nil, "body": nil},
		"urls":                    identityURLs(c.base, id18(orgID), u.id),
		"active":                  u.active,
		"user_type":               strings.ToUpper(u.userType),
		"language":                u.language,
		"locale":                  u.locale,
		"utcOffset":               -28800000,
		"last_modified_date":      "2024-01-01T00:00:00.000+0000",
		"is_app_installed":        true,
	})
}
