// Package secret encrypts values at rest (OAuth access and refresh
// tokens, connected-app client secrets) with AES-256-GCM from the
// standard library.
//
// A [Keyring] holds one or more 32-byte keys, each named by a short key
// id. The first key is the primary: [Keyring.Seal] always uses it, while
// [Keyring.Open] accepts a value sealed under any key on the ring. To
// rotate, put a new key first and keep the old one after it; values
// sealed under the old key still open, [Keyring.NeedsReseal] reports
// them, and the caller seals them again on their next write. Once no
// stored value names the old key it can be dropped from the ring.
//
// # Sealed format
//
// A sealed value is self-describing so the right key can be chosen and
// the format can change later:
//
//	+---------+--------+--------------+-----------+---------------------+
//	| version | id len | key id       | nonce     | ciphertext + tag    |
//	| 1 byte  | 1 byte | id len bytes | 12 bytes  | len(plaintext) + 16 |
//	+---------+--------+--------------+-----------+---------------------+
//
// The version is [Version]. The header (version, id length and key id)
// is the GCM additional authenticated data, so altering any byte of it,
// of the nonce or of the ciphertext makes [Keyring.Open] fail with
// [ErrAuthentication] (or [ErrUnknownKey] when the altered id names no
// key on the ring).
//
// Nonces are random, so one key should seal fewer than 2^32 values; rotate
// long before that.
//
// Errors from this package never contain plaintext or key bytes.
package secret
