package users

import (
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sfbridge/sfbridge/internal/store"
)

// Limits of an app user's fields. MaxEmail is Salesforce's User.Email
// length.
const (
	MaxID    = 255
	MaxName  = 255
	MaxEmail = 128
)

// Check refuses an app user the host should not send, with a message
// that names the field and says what is allowed: an id that is empty,
// too long or holds control characters; an unknown status; an email
// that is not a bare address (name@domain, no display name), or none for
// an active user, who could never match; a name that is too long.
func Check(u store.AppUser) error {
	switch {
	case u.ID == "":
		return errors.New(`"id" is empty; send the host's id of the user`)
	case utf8.RuneCountInString(u.ID) > MaxID:
		return fmt.Errorf(`"id" is longer than %d characters`, MaxID)
	case strings.IndexFunc(u.ID, unicode.IsControl) >= 0 || !utf8.ValidString(u.ID):
		return fmt.Errorf(`"id" %q holds control characters or invalid UTF-8`, u.ID)
	}
	if !u.Status.Valid() {
		names := make([]string, len(store.AppUserStatuses))
		for i, s := range store.AppUserStatuses {
			names[i] = string(s)
		}
		return fmt.Errorf(`"status" must be one of %s, not %q`, strings.Join(names, ", "), u.Status)
	}
	if u.Email == "" {
		if u.Status == store.AppUserActive {
			return errors.New(`"email" is empty; an active user needs one to match a Salesforce user`)
		}
	} else if err := checkEmail(u.Email); err != nil {
		return err
	}
	if utf8.RuneCountInString(u.Name) > MaxName {
		return fmt.Errorf(`"name" is longer than %d characters`, MaxName)
	}
	return nil
}

// checkEmail accepts a bare address, as Salesforce stores one.
func checkEmail(email string) error {
	if utf8.RuneCountInString(email) > MaxEmail {
		return fmt.Errorf(`"email" is longer than %d characters`, MaxEmail)
	}
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Name != "" || addr.Address != email || !strings.Contains(addr.Address[strings.LastIndexByte(addr.Address, '@')+1:], ".") {
		return fmt.Errorf(`"email" %q is not an email address such as ana@example.com`, email)
	}
	return nil
}
