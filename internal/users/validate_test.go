package users

import (
	"strings"
	"testing"

	"github.com/sfbridge/sfbridge/internal/store"
)

func TestCheck(t *testing.T) {
	t.Parallel()
	ok := store.AppUser{ID: "u1", Email: "ana@example.com", Name: "Ana", Status: store.AppUserActive}
	change := func(f func(*store.AppUser)) store.AppUser { u := ok; f(&u); return u }
	tests := []struct {
		name string
		user store.AppUser
		want string // in the error; "" for none
	}{
		{"valid", ok, ""},
		{"extension without email", change(func(u *store.AppUser) { u.Email, u.Status = "", store.AppUserExtension }), ""},
		{"deleted without email", change(func(u *store.AppUser) { u.Email, u.Status = "", store.AppUserDeleted }), ""},
		{"plus address", change(func(u *store.AppUser) { u.Email = "ana+crm@mail.example.co.uk" }), ""},
		{"empty id", change(func(u *store.AppUser) { u.ID = "" }), `"id" is empty`},
		{"long id", change(func(u *store.AppUser) { u.ID = strings.Repeat("x", MaxID+1) }), `longer than 255`},
		{"control character in id", change(func(u *store.AppUser) { u.ID = "u\n1" }), `control characters`},
		{"unknown status", change(func(u *store.AppUser) { u.Status = "away" }), `"status" must be one of active, inactive, suspended, deleted, extension, not "away"`},
		{"empty status", change(func(u *store.AppUser) { u.Status = "" }), `"status" must be one of`},
		{"active without email", change(func(u *store.AppUser) { u.Email = "" }), `an active user needs one`},
		{"no at sign", change(func(u *store.AppUser) { u.Email = "ana.example.com" }), `not an email address`},
		{"display name", change(func(u *store.AppUser) { u.Email = "Ana <ana@example.com>" }), `not an email address`},
		{"angle brackets", change(func(u *store.AppUser) { u.Email = "<ana@example.com>" }), `not an email address`},
		{"spaces", change(func(u *store.AppUser) { u.Email = " ana@example.com" }), `not an email address`},
		{"no dot in the domain", change(func(u *store.AppUser) { u.Email = "ana@localhost" }), `not an email address`},
		{"two addresses", change(func(u *store.AppUser) { u.Email = "ana@example.com, bo@example.com" }), `not an email address`},
		{"long email", change(func(u *store.AppUser) { u.Email = strings.Repeat("a", 120) + "@example.com" }), `longer than 128`},
		{"long name", change(func(u *store.AppUser) { u.Name = strings.Repeat("n", MaxName+1) }), `"name" is longer`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := Check(tc.user)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("Check: %v, want nil", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("Check: %v, want an error with %q", err, tc.want)
			}
		})
	}
}

// FuzzCheckEmail checks that an accepted email is one bare address: no
// surrounding space, display name, angle brackets or list.
func FuzzCheckEmail(f *testing.F) {
	for _, s := range []string{"ana@example.com", "Ana <ana@example.com>", "a@b", "\"a b\"@example.com", "a@b.c,d@e.f", "=?utf-8?q?x?=@x.y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, email string) {
		if checkEmail(email) != nil {
			return
		}
		if strings.TrimSpace(email) != email || !strings.Contains(email, "@") || strings.ContainsAny(email, "<>,\r\n") {
			t.Errorf("accepted %q", email)
		}
	})
}
