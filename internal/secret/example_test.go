package secret_test

import (
	"fmt"

	"github.com/sfbridge/sfbridge/internal/secret"
)

// Rotating keys: seal under k1, add k2 as the new primary, open the old
// value and seal it again under k2.
func Example() {
	k1, _ := secret.NewKey()
	oldRing, err := secret.ParseKeyring("k1:" + k1)
	if err != nil {
		fmt.Println(err)
		return
	}
	sealed, _ := oldRing.Seal([]byte("refresh token"))

	k2, _ := secret.NewKey()
	ring, _ := secret.ParseKeyring("k2:" + k2 + ",k1:" + k1)
	fmt.Println("primary:", ring.PrimaryID())
	fmt.Println("needs reseal:", ring.NeedsReseal(sealed))

	plaintext, _ := ring.Open(sealed)
	fmt.Println("opened:", string(plaintext))

	resealed, _ := ring.Seal(plaintext)
	id, _ := secret.KeyID(resealed)
	fmt.Println("resealed under:", id, "needs reseal:", ring.NeedsReseal(resealed))

	resealed[len(resealed)-1] ^= 1
	_, err = ring.Open(resealed)
	fmt.Println(err)
	// Output:
	// primary: k2
	// needs reseal: true
	// opened: refresh token
	// resealed under: k2 needs reseal: false
	// opening sealed value under key "k2": message authentication failed: the value was altered or sealed under a different key
}
