package secret

import "errors"

// Errors returned by [Keyring.Open]. They are wrapped with context;
// match them with [errors.Is].
var (
	// ErrUnknownKey means a sealed value names a key id that is not on
	// the keyring: a key was removed too early, or the value was sealed
	// by a different deployment. Use [KeyID] to read the id.
	ErrUnknownKey = errors.New("sealed with a key id that is not on the keyring")

	// ErrAuthentication means the value does not authenticate: it was
	// altered, truncated inside the ciphertext, or sealed under a
	// different key that happens to share the id.
	ErrAuthentication = errors.New("message authentication failed: the value was altered or sealed under a different key")

	// ErrMalformed means the value is not in the sealed format at all
	// (too short, unknown version, bad key id length).
	ErrMalformed = errors.New("not a sealed value")
)
